package dev.vigil.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Port helpers: 0 means "pick a free one". */
public final class Ports {
  private Ports() {}

  /** A port that was free on {@code host} a moment ago. */
  public static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** {@code port} itself, or a free port when it is 0. */
  public static int resolve(String host, int port) {
    return port == 0 ? freePort(host) : port;
  }

  static void checkPort(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " must be 0..65535 but was " + port);
    }
  }
}
