package dev.vigil.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy that can be frozen: while frozen it keeps every connection open and accepts
 * new ones but moves no byte in either direction, as a network partition or a stalled peer does (a
 * client sees timeouts, not a refused or reset connection). Thawed, the bytes held in the sockets'
 * buffers flow on. For Kafka, point a broker's {@code advertised.listeners} at {@link #port()} so
 * every client connection after the bootstrap goes through it.
 */
public final class FreezableTcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean frozen;
  private volatile boolean closed;

  private FreezableTcpProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port, forwarding to {@code 127.0.0.1:targetPort}. */
  public static FreezableTcpProxy start(int targetPort) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    FreezableTcpProxy proxy = new FreezableTcpProxy(server, targetPort);
    Thread acceptor = new Thread(proxy::acceptLoop, "proxy-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Stops moving bytes; connections stay open. */
  public void freeze() {
    frozen = true;
  }

  /** Moves bytes again. */
  public void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Socket upstream;
        try {
          upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
          closeQuietly(client); // nothing to forward to: the client sees the connection close
          continue;
        }
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                while (true) {
                  awaitThawed(); // frozen: read nothing, so the peer's writes fill the buffers
                  int n = in.read(buffer);
                  if (n < 0) {
                    break;
                  }
                  awaitThawed(); // a read that began before the freeze is held, not forwarded
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // a side closed: close the other
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "proxy-pump-" + from.getPort());
    t.setDaemon(true);
    t.start();
  }

  private void awaitThawed() throws InterruptedException {
    synchronized (gate) {
      while (frozen && !closed) {
        gate.wait(100);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thaw();
    closeQuietly(server);
    sockets.forEach(FreezableTcpProxy::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
