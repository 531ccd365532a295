package io.neoagent.bridge.admin;

import io.neoagent.bridge.web.ErrorReply;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may do what on the management port, decided on the path that is routed
 * ({@link io.neoagent.bridge.web.NormalFormPathFilter} runs first and refuses other spellings):
 * <ul>
 *   <li>With {@code ADMIN_TOKEN} set, every path but the public ones (the sign-in form, health and metrics) requires
 *   it: as {@code Authorization: Bearer <ADMIN_TOKEN>}, or, for the status page in a browser, as the cookie
 *   {@code /admin/login} sets. Public paths are listed, not protected ones, so a path nobody thought of needs the
 *   token too. A browser asking for the page without it is sent to the sign-in form.</li>
 *   <li>Without it the port listens on 127.0.0.1 only, and a request must also name a loopback host: a web page
 *   that points its own host name at 127.0.0.1 (DNS rebinding) still sends that name, and is refused.</li>
 *   <li>A request that changes something (POST, ...) is refused when a browser says it comes from another site
 *   ({@code Origin}, {@code Sec-Fetch-Site}): no cross-site form can replay deliveries or sign in.</li>
 *   <li>A request that proves the token (or, without one, comes from loopback) is marked as signed in, so
 *   {@code /actuator/health} shows its details to it alone.</li>
 * </ul>
 */
class AdminTokenFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final AdminProperties properties;
    private final AdminSessionCookie sessions;

    AdminTokenFilter(AdminProperties properties, AdminSessionCookie sessions) {
        this.properties = properties;
        this.sessions = sessions;
    }

    /** Open to anyone: the sign-in form, the health probes and the Prometheus scrape. */
    static boolean isPublic(String path) {
        return path.equals("/admin/login")
                || path.equals("/actuator/health")
                || path.startsWith("/actuator/health/")
                || path.equals("/actuator/prometheus");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean publicPath = isPublic(request.getRequestURI());
        boolean loopback = isLoopbackHost(request.getHeader("Host"));
        if (!properties.hasToken() && !loopback && !publicPath) {
            ErrorReply.of("Host must be localhost or 127.0.0.1 while ADMIN_TOKEN is not set")
                    .writeTo(response, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && isCrossSite(request)) {
            ErrorReply.of("cross-site request refused").writeTo(response, HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        boolean signedIn = properties.hasToken() ? hasToken(request) || hasCookie(request) : loopback;
        if (signedIn) {
            chain.doFilter(new SignedIn(request), response);
            return;
        }
        if (publicPath) {
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

    /** {@code localhost}, {@code 127.0.0.1} or {@code [::1]}, with or without a port. */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']') && name.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            name = name.substring(0, colon);
        }
        return LOOPBACK_HOSTS.contains(name);
    }

    /** A browser's word that the request comes from a page of another origin. */
    private static boolean isCrossSite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (origin != null) {
            return host == null
                    || !(origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        return fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none");
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

    private boolean hasToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null
                && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && properties.matches(header.substring(7));
    }

    /** The request of a signed-in operator: what Spring Boot's health endpoint asks before it shows details. */
    private static final class SignedIn extends HttpServletRequestWrapper {

        private static final Principal ADMIN = () -> "admin";

        SignedIn(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return ADMIN;
        }
    }
}
