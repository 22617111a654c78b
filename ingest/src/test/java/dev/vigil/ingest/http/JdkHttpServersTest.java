package dev.vigil.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDK decides {@code TCP_NODELAY} once per process, when its first HTTP server is created, so
 * each case runs in a fresh JVM that reports what the JDK's own server configuration holds.
 */
class JdkHttpServersTest {

  @Test
  void shouldGiveTheJdkServersConnectionsWithoutNaglesDelay() throws Exception {
    assertThat(childReports()).isEqualTo("true");
  }

  @Test
  void shouldKeepAnOperatorsOwnSettingOfTheProperty() throws Exception {
    assertThat(childReports("-D" + JdkHttpServers.NO_DELAY + "=false")).isEqualTo("false");
  }

  @Test
  void shouldLeaveTheJdkDefaultWithoutIt() throws Exception {
    // the control: a server created directly, without this class, has Nagle's algorithm on
    assertThat(childReports("-Dchild.plain=true")).isEqualTo("false");
  }

  private static String childReports(String... jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens");
    command.add("jdk.httpserver/sun.net.httpserver=ALL-UNNAMED");
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Child.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** Creates one server and prints the JDK's {@code ServerConfig.noDelay()}. */
  static final class Child {
    public static void main(String[] args) throws Exception {
      InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      HttpServer server =
          Boolean.getBoolean("child.plain")
              ? HttpServer.create(loopback, 0)
              : JdkHttpServers.http(loopback, 0);
      var noDelay = Class.forName("sun.net.httpserver.ServerConfig").getDeclaredMethod("noDelay");
      noDelay.setAccessible(true);
      System.out.println(noDelay.invoke(null));
      server.stop(0);
    }
  }
}
