package io.switchboard.console;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.qute.TemplateInstance;
import io.switchboard.auth.ApiKeyMechanism;
import io.switchboard.auth.Roles;
import io.switchboard.auth.Sessions;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;

/**
 * Signing in and out of the console. The key is posted once from a password field (never in a
 * URL, never kept by the browser's scripts); the answer is a session cookie holding a random
 * id — HttpOnly, SameSite=Strict, Secure when the request came over TLS, expiring with the
 * session. Signing out deletes the session, so the cookie is worthless even if kept.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    static final String HOME = "/console/rules";

    @Inject
    Sessions sessions;

    @Inject
    Clock clock;

    @GET
    @PermitAll
    public RestResponse<Object> home() {
        return RestResponse.seeOther(URI.create(HOME));
    }

    @GET
    @Path("/signin")
    @PermitAll
    public TemplateInstance form() {
        return Views.signin(Viewer.ANONYMOUS, null);
    }

    @POST
    @Path("/signin")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public RestResponse<Object> signIn(@FormParam("key") String key, HttpServerRequest request) {
        var opened = sessions.open(key);
        if (opened.isEmpty()) {
            return RestResponse.ResponseBuilder.<Object> create(401).type(MediaType.TEXT_HTML_TYPE)
                    .entity(Views.signin(Viewer.ANONYMOUS, "This key is not accepted. Paste an admin or viewer API key.")).build();
        }
        int maxAge = (int) Duration.between(clock.instant(), opened.get().expiresAt()).toSeconds();
        return RestResponse.ResponseBuilder.seeOther(URI.create(HOME))
                .cookie(cookie(opened.get().id(), maxAge, request)).build();
    }

    @POST
    @Path("/signout")
    @RolesAllowed(Roles.VIEWER)
    public RestResponse<Object> signOut(HttpServerRequest request) {
        Cookie session = request.getCookie(ApiKeyMechanism.SESSION_COOKIE);
        sessions.close(session == null ? null : session.getValue());
        return RestResponse.ResponseBuilder.ok().header("HX-Redirect", "/console/signin")
                .cookie(cookie("", 0, request)).build();
    }

    /** Path {@code /}: the same session authorizes Swagger UI and the OpenAPI document under {@code /q}. */
    private static NewCookie cookie(String value, int maxAge, HttpServerRequest request) {
        return new NewCookie.Builder(ApiKeyMechanism.SESSION_COOKIE).value(value).path("/").maxAge(maxAge)
                .httpOnly(true).secure("https".equalsIgnoreCase(request.scheme()))
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
