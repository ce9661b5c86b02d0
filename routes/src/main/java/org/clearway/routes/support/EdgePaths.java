package org.clearway.routes.support;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path a request is served under, as the container dispatches it: percent-decoded, path
 * parameters ({@code ;x=1}) removed, dot segments resolved and repeated slashes merged. Every guard
 * keyed on a path prefix must use this, never {@link HttpServletRequest#getRequestURI()}: the raw
 * URI of {@code /%73oap/express/v1}, {@code /soap;x=1/express/v1} or {@code //soap/express/v1}
 * does not start with {@code /soap/}, yet Tomcat hands all three to the CXF servlet.
 */
public final class EdgePaths {
    private EdgePaths() {
    }

    /** Servlet path plus path info, the normalised form the dispatcher matched; "" outside a request. */
    public static String normalised(HttpServletRequest request) {
        if (request == null) {
            return "";
        }
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
        // some containers leave doubled slashes in path info; the dispatcher does not care, guards must not either
        while (path.contains("//")) {
            path = path.replace("//", "/");
        }
        return path;
    }

    /** Whether the normalised path is {@code prefix} itself or lies below it ({@code prefix + "/..."}). */
    public static boolean under(HttpServletRequest request, String prefix) {
        String path = normalised(request);
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }
}
