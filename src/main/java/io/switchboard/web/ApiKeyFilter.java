package io.switchboard.web;

import java.util.Optional;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * The management API's door: {@code Authorization: Bearer <key>}. No or unknown key → 401;
 * a viewer key on anything but a read → 403. Only {@code /api} is guarded here (webhooks carry
 * signatures, the sandbox has its own key, health stays open).
 */
public class ApiKeyFilter {

    @Inject
    ApiKeys keys;

    @ServerRequestFilter
    public Optional<RestResponse<Object>> authorize(ContainerRequestContext request, ResourceInfo resource) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
        Optional<ApiKeys.Role> role = keys.roleOf(key);
        if (role.isEmpty()) {
            return Optional.of(RestResponse.ResponseBuilder.<Object> create(401)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"")
                    .entity(Problem.of(401, "Unauthorized", header == null
                            ? "send an API key: Authorization: Bearer <key>"
                            : "unknown API key").at(path))
                    .type(Problem.MEDIA_TYPE).build());
        }
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD")
                || (resource.getResourceMethod() != null && resource.getResourceMethod().isAnnotationPresent(ReadOnly.class));
        if (!read && role.get() != ApiKeys.Role.ADMIN) {
            return Optional.of(ProblemMapper.problem(Problem.of(403, "Forbidden",
                    "this key may only read: changes need an admin key").at(path)));
        }
        return Optional.empty();
    }
}
