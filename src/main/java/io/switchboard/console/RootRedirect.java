package io.switchboard.console;

import java.net.URI;

import org.jboss.resteasy.reactive.RestResponse;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * The address the README gives (http://localhost:8080) leads to the console instead of a 404:
 * the root only redirects, so it reveals nothing and needs no key; the console asks for one.
 */
@Path("/")
public class RootRedirect {

    @GET
    @PermitAll
    public RestResponse<Object> root() {
        return RestResponse.seeOther(URI.create("/console"));
    }
}
