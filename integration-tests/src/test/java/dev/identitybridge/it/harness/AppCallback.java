package dev.identitybridge.it.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The "app" of a browser test: a callback page on a free port of 127.0.0.1, reached as {@code localhost} (as the
 * demo client's redirect URIs allow), where Keycloak sends the browser back with the authorization code.
 */
public final class AppCallback implements AutoCloseable {

    private final HttpServer server;

    public AppCallback() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/callback", exchange -> {
            byte[] body = "<html><body><h1 id=\"app\">Signed in</h1></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The redirect URI to register for the client and to send in authorization requests. */
    public String redirectUri() {
        return "http://localhost:" + server.getAddress().getPort() + "/callback";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
