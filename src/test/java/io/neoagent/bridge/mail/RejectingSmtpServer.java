package io.neoagent.bridge.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An SMTP server on a real socket that speaks just enough SMTP to refuse every recipient with a chosen
 * reply (GreenMail accepts everything): for testing how SMTP rejections are judged. With the recipients
 * accepted, it answers the end of each message's data with another chosen reply (a refusal), or holds that
 * reply until the test releases it (for testing attempts that outlast their lease), and keeps every message and
 * its Message-ID, refused or not.
 * Each client is served on its own thread, so a second send of a message is seen while the first still waits.
 * Registered as a JUnit extension, it is closed after the class.
 */
public final class RejectingSmtpServer implements AutoCloseable, AfterAllCallback {

    private final ServerSocket socket;
    private final AtomicInteger rejections = new AtomicInteger();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private volatile String recipientReply = "550 5.1.1 mailbox unavailable";
    private volatile CountDownLatch dataReplyRelease = new CountDownLatch(0);
    private volatile String dataReply = "250 2.0.0 queued";
    private final List<String> messageIds = new CopyOnWriteArrayList<>();

    public RejectingSmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "rejecting-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server listening now, for a static field. */
    public static RejectingSmtpServer start() {
        try {
            return new RejectingSmtpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    public void replyToRecipientsWith(String reply) {
        recipientReply = reply;
    }

    /** Accepts every recipient and every message, answering the end of each message's data at once. */
    public void acceptMessages() {
        recipientReply = "250 2.1.5 OK";
        releaseMessageReplies();
    }

    /**
     * From now on, holds the reply to the end of each message's data until {@link #releaseMessageReplies()}
     * (or {@link #close()}): a server that does not answer while the test looks at what the bridge does meanwhile.
     */
    public void holdMessageReplies() {
        dataReplyRelease = new CountDownLatch(1);
    }

    /** Answers every held message, and the following ones at once. */
    public void releaseMessageReplies() {
        dataReplyRelease.countDown();
    }

    /** The reply at the end of DATA, once a recipient was accepted (e.g. {@code 451 4.7.1 try again later}). */
    void replyToMessagesWith(String reply) {
        dataReply = reply;
    }

    /** The Message-ID header of every message sent in DATA, in order, refused or accepted. */
    List<String> messageIds() {
        return List.copyOf(messageIds);
    }

    void forgetMessages() {
        messageIds.clear();
        messages.clear();
    }

    public int rejections() {
        return rejections.get();
    }

    /** The messages received in full (headers and body, as sent), counted when their data ended, before the reply. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    public void clearMessages() {
        messages.clear();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> converse(client), "rejecting-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                // the test is over
            }
        }
    }

    private void converse(Socket connection) {
        try (Socket client = connection;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            reply(out, "220 rejecting.example ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4
                        ? line.substring(0, 4).toUpperCase(Locale.ROOT)
                        : line.toUpperCase(Locale.ROOT);
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 rejecting.example");
                    case "MAIL" -> reply(out, "250 2.1.0 OK");
                    case "RCPT" -> {
                        String answer = recipientReply;
                        if (!answer.startsWith("2")) {
                            rejections.incrementAndGet();
                        }
                        reply(out, answer);
                    }
                    case "DATA" -> {
                        reply(out, "354 end data with <CR><LF>.<CR><LF>");
                        StringBuilder message = new StringBuilder();
                        String messageId = null;
                        for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                            message.append(data).append('\n');
                            if (messageId == null && data.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                                messageId = data.substring(11).strip();
                            }
                        }
                        messages.add(message.toString());
                        messageIds.add(String.valueOf(messageId));
                        awaitRelease(dataReplyRelease);
                        reply(out, dataReply);
                    }
                    case "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                    case "QUIT" -> reply(out, "221 2.0.0 bye");
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

    /** A server that does not answer yet: the session's thread holds its reply until the test releases it. */
    private static void awaitRelease(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(PrintWriter out, String line) {
        out.print(line + "\r\n");
        out.flush();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
    }

    @Override
    public void close() throws IOException {
        releaseMessageReplies();
        socket.close();
    }
}
