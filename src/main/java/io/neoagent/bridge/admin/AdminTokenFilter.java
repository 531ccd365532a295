package io.neoagent.bridge.admin;

import io.neoagent.bridge.web.ErrorReply;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Requires the admin token on every path of the management port but the public ones (the sign-in form, health and
 * metrics) when one is configured: as {@code Authorization: Bearer <ADMIN_TOKEN>}, or, for the status page in a
 * browser, as the cookie {@code /admin/login} sets. A browser asking for the page without it is sent to the sign-in
 * form. Public paths are listed, not protected ones, so a path nobody thought of needs the token too; the path is the
 * one that is routed, as {@link io.neoagent.bridge.web.NormalFormPathFilter} runs first and refuses other spellings.
 */
class AdminTokenFilter extends OncePerRequestFilter {

    private final byte[] token;
    private final AdminSessionCookie sessions;

    AdminTokenFilter(AdminProperties properties, AdminSessionCookie sessions) {
        this.token = properties.hasToken() ? properties.token().strip().getBytes(StandardCharsets.UTF_8) : null;
        this.sessions = sessions;
    }

    /** Open to anyone: the sign-in form, the health probes and the Prometheus scrape. */
    static boolean isPublic(String path) {
        return path.equals("/admin/login") || path.equals("/actuator/health") || path.startsWith("/actuator/health/")
                || path.equals("/actuator/prometheus");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return isPublic(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token == null || authorized(request.getHeader("Authorization")) || hasCookie(request)) {
            chain.doFilter(request, response);
            return;
        }
        if ("GET".equals(request.getMethod()) && request.getRequestURI().equals("/admin/status")) {
            response.sendRedirect("/admin/login");
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        ErrorReply.of("admin token required").writeTo(response, HttpServletResponse.SC_UNAUTHORIZED);
    }

    private boolean hasCookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return false;
        }
        for (Cookie cookie : request.getCookies()) {
            if (AdminSessionCookie.NAME.equals(cookie.getName()) && sessions.isValid(cookie.getValue())) {
                return true;
            }
        }
        return false;
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
