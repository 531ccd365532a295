package io.neoagent.bridge.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server on a real socket that speaks just enough SMTP to refuse every recipient with a chosen
 * reply (GreenMail accepts everything): for testing how SMTP rejections are judged. With the recipients
 * accepted, it refuses or accepts the message itself at the end of DATA with another chosen reply, and keeps
 * the Message-ID of every message it was sent, refused or not.
 */
final class RejectingSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger rejections = new AtomicInteger();
    private volatile String recipientReply = "550 5.1.1 mailbox unavailable";
    private volatile String dataReply = "250 2.0.0 queued";
    private final List<String> messageIds = new CopyOnWriteArrayList<>();

    RejectingSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "rejecting-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    void replyToRecipientsWith(String reply) {
        recipientReply = reply;
    }

    /** The reply at the end of DATA, once a recipient was accepted (e.g. {@code 451 4.7.1 try again later}). */
    void replyToMessagesWith(String reply) {
        dataReply = reply;
    }

    int rejections() {
        return rejections.get();
    }

    /** The Message-ID header of every message sent in DATA, in order, refused or accepted. */
    List<String> messageIds() {
        return List.copyOf(messageIds);
    }

    void forgetMessages() {
        messageIds.clear();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                 PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                reply(out, "220 rejecting.example ESMTP");
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                    switch (command) {
                        case "EHLO", "HELO" -> reply(out, "250 rejecting.example");
                        case "MAIL" -> reply(out, "250 2.1.0 OK");
                        case "RCPT" -> {
                            rejections.incrementAndGet();
                            reply(out, recipientReply);
                        }
                        case "DATA" -> {
                            reply(out, "354 end with <CRLF>.<CRLF>");
                            String messageId = null;
                            for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                                if (messageId == null && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                    messageId = data.substring(11).strip();
                                }
                            }
                            messageIds.add(String.valueOf(messageId));
                            reply(out, dataReply);
                        }
                        case "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                        case "QUIT" -> {
                            reply(out, "221 2.0.0 bye");
                            break;
                        }
                        default -> reply(out, "502 5.5.2 not implemented");
                    }
                    if (command.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the test is over or the client went away
            }
        }
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
