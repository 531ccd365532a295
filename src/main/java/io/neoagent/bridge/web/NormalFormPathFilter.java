package io.neoagent.bridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (400) every request whose path is not written in normal form, before any other filter or route sees it:
 * no percent-encoding, no {@code ;} parameters, no empty, {@code .} or {@code ..} segment, no trailing {@code /}.
 *
 * <p>Why: Tomcat and Spring MVC route a request on the decoded, normalised path ({@code /%61dmin/counts},
 * {@code /admin;x/counts} and {@code /x/../admin/counts} all reach {@code /admin/counts}), while a filter reads the
 * raw one. Once only normal paths get through, the raw path is the path that is routed, so the admin token check
 * and the webhook's guard decide on the same path the dispatcher does, with no second spelling to slip past them.
 * None of the bridge's own paths needs any of these forms. Registered on the webhook port and on the management
 * port alike.
 */
public final class NormalFormPathFilter extends OncePerRequestFilter {

    /** unreserved and sub-delims of RFC 3986 that a path may hold, less {@code ;}; and {@code :}, {@code @}, {@code /} */
    private static final String ALLOWED_PUNCTUATION = "-._~!$&'()*+,=:@/";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isNormal(request.getRequestURI())) {
            chain.doFilter(request, response);
        } else {
            ErrorReply.of("request path is not in normal form").writeTo(response, HttpServletResponse.SC_BAD_REQUEST);
        }
    }

    /** Whether {@code path} (the raw request path, without the query) is in the only form the bridge accepts. */
    public static boolean isNormal(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        if (path.equals("/")) {
            return true;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || ALLOWED_PUNCTUATION.indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
