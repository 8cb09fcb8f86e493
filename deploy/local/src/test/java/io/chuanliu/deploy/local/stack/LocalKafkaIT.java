package io.chuanliu.deploy.local.stack;

import static io.chuanliu.deploy.local.stack.StackTestSupport.HOME;
import static io.chuanliu.deploy.local.stack.StackTestSupport.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.chuanliu.deploy.local.Layout;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local broker's start-up against the port race that CI met: a port found free can be taken
 * before the broker binds it, e.g. as the local end of some client's connection, which no
 * "is anyone listening" check sees.
 */
class LocalKafkaIT {

    @Test
    void shouldStartOnAnotherControllerPortWhenItsOwnIsBoundButNotListening(@TempDir Path work) throws Exception {
        int port = freePort();
        Socket bound;
        while ((bound = boundTo(port + 1)) == null) {
            port = freePort();
        }
        try (Socket squatter = bound) {
            try (LocalKafka kafka = new LocalKafka(new Layout(HOME), work, port).start();
                    Admin admin = Admin.create(adminProperties(kafka.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                        .hasSize(1);
                assertThat(Files.readString(work.resolve("server.properties")))
                        .as("the broker moved its controller off the taken port")
                        .doesNotContain("localhost:" + (port + 1));
            }
        }
    }

    /**
     * A client socket bound to the port and not listening, or null when the port is taken (the port
     * after a free one may be, as CI met): the caller then picks another.
     */
    private static Socket boundTo(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress("localhost", port));
            return socket;
        } catch (BindException taken) {
            socket.close();
            return null;
        }
    }

    private static Properties adminProperties(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
