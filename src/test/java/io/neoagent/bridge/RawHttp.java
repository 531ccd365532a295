package io.neoagent.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, with the request target sent byte for byte as given: {@code /%61dmin},
 * {@code /a/../b}, {@code //x} and {@code ;params} reach the server unchanged, where an HTTP client library would
 * normalise some of them and hide a bypass.
 */
public final class RawHttp {

    /** A reply: status, headers (names lower-cased) and body as UTF-8. */
    public record Reply(int status, Map<String, String> headers, String body) {}

    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    public Reply get(String target, String... headers) {
        return send("GET", target, null, headers);
    }

    /**
     * Sends {@code method target} with the headers (name, value, ...) and, when not null, a body with its length.
     * {@code Host} is this server's address unless the headers give one.
     */
    public Reply send(String method, String target, byte[] body, String... headers) {
        StringBuilder head =
                new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean ownHost = false;
        for (int i = 0; i < headers.length; i += 2) {
            ownHost |= headers[i].equalsIgnoreCase("Host");
        }
        if (!ownHost) {
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        head.append("Connection: close\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Posts {@code chunks} chunks of {@code chunkBytes} bytes each with chunked transfer encoding, from a thread of its
     * own, and reads the reply as soon as the server gives one: a server that refuses early need not read the rest.
     *
     * @return the reply, and how many body bytes were written before the server answered or closed
     */
    public ChunkedReply postChunked(String target, int chunkBytes, int chunks, String... headers) {
        StringBuilder head = new StringBuilder("POST ")
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\n")
                .append("Connection: close\r\nTransfer-Encoding: chunked\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            long[] written = {0};
            Thread writer = new Thread(
                    () -> {
                        byte[] chunk = new byte[chunkBytes];
                        java.util.Arrays.fill(chunk, (byte) ' ');
                        byte[] size = (Integer.toHexString(chunkBytes) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        try {
                            for (int i = 0; i < chunks; i++) {
                                out.write(size);
                                out.write(chunk);
                                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                                written[0] += chunkBytes;
                            }
                            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        } catch (IOException closedByServer) {
                            // the server answered and stopped reading: what it refused to read is the point
                        }
                    },
                    "raw-http-chunked-writer");
            writer.setDaemon(true);
            writer.start();
            Reply reply = read(socket.getInputStream());
            long sent = written[0];
            socket.close();
            return new ChunkedReply(reply, sent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reply to a chunked post, and the body bytes written when it came. */
    public record ChunkedReply(Reply reply, long bytesWritten) {}

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP reply: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.merge(
                    header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).split(";", -1)[0].strip(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).split(";", -1)[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            in.transferTo(body);
        }
        return new Reply(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-reply");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
