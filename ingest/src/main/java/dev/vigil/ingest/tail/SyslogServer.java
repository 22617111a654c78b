package dev.vigil.ingest.tail;

import dev.vigil.ingest.parse.RawRecord;
import dev.vigil.ingest.tls.TlsConfig;
import dev.vigil.schemas.logging.Causes;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over UDP (one message per datagram, RFC 5426), TCP (RFC 6587: octet counting
 * {@code LEN SP MSG} or newline-terminated, detected per message) and, when configured, TLS (RFC
 * 5425: the same framing inside TLS, optionally requiring a client certificate) and hands each
 * message to a handler as a {@link RawRecord} whose stream is {@code syslog-udp/<peer ip>}, {@code
 * syslog-tcp/<peer ip>} or {@code syslog-tls/<peer ip>}. Binds 127.0.0.1 unless configured
 * otherwise; port 0 picks a free port.
 *
 * <p>The handler runs on the receiving thread, so a slow handler slows TCP senders down (back
 * pressure) while UDP datagrams beyond the socket buffer are dropped by the kernel, as with any UDP
 * syslog receiver. Oversized messages are dropped and counted; an oversized octet count closes the
 * connection because framing cannot be recovered.
 */
public final class SyslogServer implements Closeable {

  private static final Logger LOGGER = LoggerFactory.getLogger(SyslogServer.class);

  /**
   * @param bindAddress address to listen on
   * @param udpPort UDP port, 0 for a free one, -1 for no UDP listener
   * @param tcpPort TCP port, 0 for a free one, -1 for no TCP listener
   * @param maxMessageBytes larger messages are dropped
   * @param maxConnections concurrent TCP connections; more are closed at once
   * @param idleTimeout a TCP connection silent this long is closed
   * @param tlsPort TLS port (RFC 5425), 0 for a free one, -1 for no TLS listener
   * @param tls the TLS listener's key store and, for mutual TLS, client CA; required when {@code
   *     tlsPort >= 0}
   */
  public record Config(
      String bindAddress,
      int udpPort,
      int tcpPort,
      int maxMessageBytes,
      int maxConnections,
      Duration idleTimeout,
      int tlsPort,
      Optional<TlsConfig> tls) {
    public Config {
      Objects.requireNonNull(bindAddress, "bindAddress");
      if (udpPort < -1 || udpPort > 65535 || tcpPort < -1 || tcpPort > 65535) {
        throw new IllegalArgumentException("ports must be -1 (off), 0 (free) or 1..65535");
      }
      if (tlsPort < -1 || tlsPort > 65535) {
        throw new IllegalArgumentException("tlsPort must be -1 (off), 0 (free) or 1..65535");
      }
      Objects.requireNonNull(tls, "tls must be Optional.empty() when not configured");
      if (tlsPort >= 0 && tls.isEmpty()) {
        throw new IllegalArgumentException("a TLS listener needs a key store");
      }
      if (maxMessageBytes < 480 || maxConnections < 1 || idleTimeout.isNegative()) {
        throw new IllegalArgumentException("maxMessageBytes >= 480 and maxConnections >= 1");
      }
    }

    /** UDP and TCP listeners only, no TLS listener. */
    public Config(
        String bindAddress,
        int udpPort,
        int tcpPort,
        int maxMessageBytes,
        int maxConnections,
        Duration idleTimeout) {
      this(
          bindAddress,
          udpPort,
          tcpPort,
          maxMessageBytes,
          maxConnections,
          idleTimeout,
          -1,
          Optional.empty());
    }

    /** The same listeners plus syslog over TLS on {@code port} (0 = a free one). */
    public Config withTls(int port, TlsConfig value) {
      return new Config(
          bindAddress,
          udpPort,
          tcpPort,
          maxMessageBytes,
          maxConnections,
          idleTimeout,
          port,
          Optional.of(value));
    }

    /** Largest syslog message accepted by default (RFC 5425 receivers must take 2 KiB at least). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

    /** Concurrent TCP connections by default. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    /** A silent TCP connection is closed after this long by default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** Listeners on {@code host}'s given ports with the default limits. */
    public static Config of(String host, int udpPort, int tcpPort) {
      return new Config(
          host,
          udpPort,
          tcpPort,
          DEFAULT_MAX_MESSAGE_BYTES,
          DEFAULT_MAX_CONNECTIONS,
          DEFAULT_IDLE_TIMEOUT);
    }

    /** Both listeners on free ports of 127.0.0.1 with the default limits. */
    public static Config loopback() {
      return of("127.0.0.1", 0, 0);
    }
  }

  private final Config config;
  private final Consumer<RawRecord> handler;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final ServerSocket tls;
  private final ExecutorService threads = Executors.newCachedThreadPool(SyslogServer::daemon);
  private final Semaphore connectionSlots;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  private SyslogServer(Config config, Consumer<RawRecord> handler) throws IOException {
    this.config = config;
    this.handler = handler;
    this.connectionSlots = new Semaphore(config.maxConnections());
    InetAddress bind = InetAddress.getByName(config.bindAddress());
    DatagramSocket u = null;
    ServerSocket t = null;
    ServerSocket s = null;
    try {
      if (config.udpPort() >= 0) {
        u = new DatagramSocket(new InetSocketAddress(bind, config.udpPort()));
      }
      if (config.tcpPort() >= 0) {
        t = new ServerSocket();
        t.setReuseAddress(true);
        t.bind(new InetSocketAddress(bind, config.tcpPort()), 128);
      }
      if (config.tlsPort() >= 0) {
        TlsConfig tlsConfig = config.tls().orElseThrow();
        SSLServerSocket secure =
            (SSLServerSocket)
                tlsConfig
                    .serverContext("ingest.syslog.tls")
                    .getServerSocketFactory()
                    .createServerSocket();
        secure.setNeedClientAuth(tlsConfig.mutual());
        secure.setReuseAddress(true);
        secure.bind(new InetSocketAddress(bind, config.tlsPort()), 128);
        s = secure;
      }
    } catch (IOException | RuntimeException e) {
      if (u != null) {
        u.close();
      }
      if (t != null) {
        t.close();
      }
      if (s != null) {
        s.close();
      }
      throw e;
    }
    this.udp = u;
    this.tcp = t;
    this.tls = s;
  }

  /** Binds the configured listeners and starts receiving. */
  public static SyslogServer start(Config config, Consumer<RawRecord> handler) throws IOException {
    SyslogServer server = new SyslogServer(config, Objects.requireNonNull(handler, "handler"));
    if (server.udp != null) {
      server.threads.execute(server::receiveUdp);
    }
    if (server.tcp != null) {
      server.threads.execute(() -> server.accept(server.tcp, "syslog-tcp/"));
    }
    if (server.tls != null) {
      server.threads.execute(() -> server.accept(server.tls, "syslog-tls/"));
    }
    return server;
  }

  /** The bound UDP port, or -1. */
  public int udpPort() {
    return udp == null ? -1 : udp.getLocalPort();
  }

  /** The bound TCP port, or -1. */
  public int tcpPort() {
    return tcp == null ? -1 : tcp.getLocalPort();
  }

  /** The bound TLS port, or -1. */
  public int tlsPort() {
    return tls == null ? -1 : tls.getLocalPort();
  }

  /** Messages handed to the handler so far. */
  public long received() {
    return received.get();
  }

  /** Messages dropped (oversized, handler failure) so far. */
  public long dropped() {
    return dropped.get();
  }

  private void receiveUdp() {
    byte[] buf = new byte[65_535];
    while (!closed) {
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          Causes.warn(LOGGER, e).log("UDP receive failed");
        }
        continue;
      }
      int len = packet.getLength();
      while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == 0)) {
        len--;
      }
      if (len > config.maxMessageBytes()) {
        dropped.incrementAndGet();
        continue;
      }
      if (len > 0) {
        emit(Arrays.copyOf(buf, len), len, "syslog-udp/" + packet.getAddress().getHostAddress());
      }
    }
  }

  private void accept(ServerSocket listener, String streamPrefix) {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          Causes.warn(LOGGER, e).log("TCP accept failed");
        }
        continue;
      }
      if (!connectionSlots.tryAcquire()) {
        LOGGER
            .atWarn()
            .addKeyValue("max_connections", config.maxConnections())
            .log("connection refused: limit reached");
        closeQuietly(socket);
        continue;
      }
      connections.add(socket);
      threads.execute(
          () -> {
            try {
              readTcp(socket, streamPrefix);
            } finally {
              connections.remove(socket);
              closeQuietly(socket);
              connectionSlots.release();
            }
          });
    }
  }

  private void readTcp(Socket socket, String streamPrefix) {
    String stream = streamPrefix + socket.getInetAddress().getHostAddress();
    try {
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
      InputStream in = new BufferedInputStream(socket.getInputStream());
      ByteArrayOutputStream message = new ByteArrayOutputStream();
      while (!closed) {
        int first = in.read();
        if (first < 0) {
          return;
        }
        if (first == '\n' || first == '\r' || first == 0) {
          continue;
        }
        message.reset();
        boolean open =
            first >= '1' && first <= '9'
                ? octetCounted(in, first, stream)
                : lineFramed(in, first, message, stream);
        if (!open) {
          return;
        }
      }
    } catch (SocketException e) {
      // closed by us or the peer
    } catch (SSLException e) {
      if (!closed) {
        Causes.warn(LOGGER, e)
            .addKeyValue("stream", stream)
            .log("syslog TLS session refused or failed (certificate, protocol)");
      }
    } catch (IOException e) {
      if (!closed) {
        Causes.info(LOGGER, e).log("TCP connection ended");
      }
    }
  }

  /** One octet-counted frame ({@code LEN SP MSG}); false when the connection is done. */
  private boolean octetCounted(InputStream in, int first, String stream) throws IOException {
    long len = first - '0';
    int c;
    while ((c = in.read()) >= '0' && c <= '9') {
      len = len * 10 + (c - '0');
      if (len > config.maxMessageBytes()) {
        dropped.incrementAndGet();
        LOGGER.atWarn().log("octet count above the limit; closing the connection");
        return false;
      }
    }
    if (c != ' ') {
      dropped.incrementAndGet();
      LOGGER.atWarn().log("malformed octet-counted frame; closing the connection");
      return false;
    }
    byte[] body = in.readNBytes((int) len);
    if (body.length < len) {
      return false; // connection closed mid-frame
    }
    int n = body.length;
    while (n > 0 && (body[n - 1] == '\n' || body[n - 1] == '\r')) {
      n--;
    }
    emit(body, n, stream);
    return true;
  }

  /** One message in non-transparent framing (up to LF); false when the connection is done. */
  private boolean lineFramed(
      InputStream in, int first, ByteArrayOutputStream message, String stream) throws IOException {
    boolean tooLong = false;
    int c = first;
    while (c >= 0 && c != '\n') {
      if (message.size() < config.maxMessageBytes()) {
        message.write(c);
      } else {
        tooLong = true;
      }
      c = in.read();
    }
    if (tooLong) {
      dropped.incrementAndGet();
    } else {
      byte[] body = message.toByteArray();
      int n = body.length;
      if (n > 0 && body[n - 1] == '\r') {
        n--;
      }
      emit(body, n, stream);
    }
    return c >= 0;
  }

  private void emit(byte[] bytes, int len, String stream) {
    String text = new String(bytes, 0, len, StandardCharsets.UTF_8);
    try {
      handler.accept(RawRecord.of(text, stream));
      received.incrementAndGet();
    } catch (RuntimeException e) {
      dropped.incrementAndGet();
      Causes.warn(LOGGER, e).withoutMessages().log("syslog handler failed");
    }
  }

  @Override
  public void close() {
    closed = true;
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      closeQuietly(tcp);
    }
    if (tls != null) {
      closeQuietly(tls);
    }
    connections.forEach(SyslogServer::closeQuietly);
    threads.shutdown();
    try {
      if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing; nothing to do
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "syslog-server");
    t.setDaemon(true);
    return t;
  }
}
