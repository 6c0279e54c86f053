package dev.identitybridge.it.harness;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local SMTP server (GreenMail) on a free port of 127.0.0.1 that keeps every mail it receives, for a realm's
 * SMTP settings to point at: the tests read what Keycloak sent (verification links, ...) from here.
 */
public final class MailSink implements AutoCloseable {

    private static final Pattern ACTION_TOKEN_LINK =
            Pattern.compile("https?://\\S+/login-actions/action-token\\?[^\\s\"<>]+");

    private final GreenMail greenMail;

    public MailSink() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** A realm's {@code smtpServer} settings that send to this sink, from {@code from}, without TLS or login. */
    public Map<String, String> realmSmtpSettings(String from) {
        Map<String, String> smtp = new LinkedHashMap<>();
        smtp.put("host", "127.0.0.1");
        smtp.put("port", String.valueOf(port()));
        smtp.put("from", from);
        smtp.put("fromDisplayName", "Identity Bridge tests");
        smtp.put("auth", "false");
        smtp.put("ssl", "false");
        smtp.put("starttls", "false");
        return smtp;
    }

    /** Every mail received so far for {@code recipient} (compared without case). */
    public List<MimeMessage> messagesTo(String recipient) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> isFor(m, recipient))
                .toList();
    }

    /** Waits until {@code count} mails have arrived for {@code recipient}; returns the newest. */
    public MimeMessage awaitMessageTo(String recipient, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> received = messagesTo(recipient);
            if (received.size() >= count) {
                return received.get(received.size() - 1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail #" + count + " for " + recipient + " within " + timeout + "; received: "
                + Arrays.stream(greenMail.getReceivedMessages())
                        .map(MailSink::describe)
                        .toList());
    }

    /** The text of a mail's {@code text/plain} part (or of the mail itself when it has no parts). */
    public static String plainText(MimeMessage message) throws MessagingException, IOException {
        return plainText(message.getContent()).orElseThrow(() -> new AssertionError("the mail has no text/plain part"));
    }

    /** The Keycloak action-token link (e.g. "verify email") in a mail's text. */
    public static String actionTokenLink(MimeMessage message) throws MessagingException, IOException {
        String text = plainText(message);
        Matcher link = ACTION_TOKEN_LINK.matcher(text);
        if (!link.find()) {
            throw new AssertionError("no action-token link in the mail:\n" + text);
        }
        return link.group();
    }

    private static Optional<String> plainText(Object content) throws MessagingException, IOException {
        if (content instanceof String text) {
            return Optional.of(text);
        }
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return Optional.of((String) part.getContent());
                }
                if (part.isMimeType("multipart/*")) {
                    Optional<String> nested = plainText(part.getContent());
                    if (nested.isPresent()) {
                        return nested;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isFor(MimeMessage message, String recipient) {
        try {
            return Arrays.stream(Optional.ofNullable(message.getRecipients(Message.RecipientType.TO))
                            .orElse(new jakarta.mail.Address[0]))
                    .anyMatch(a -> a.toString().toLowerCase().contains(recipient.toLowerCase()));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients()) + ": " + message.getSubject();
        } catch (MessagingException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
