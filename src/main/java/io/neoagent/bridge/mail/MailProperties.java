package io.neoagent.bridge.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code mail:} group of {@code application.yaml}: the SMTP server staff e-mails go through.
 *
 * @param host     SMTP host; empty: the e-mail channels are not configured and their deliveries are held
 * @param port     SMTP port
 * @param username user to authenticate as; empty: no authentication
 * @param password its password
 * @param security {@code starttls} (required, usually port 587), {@code smtps} (TLS from the start, port 465)
 *                 or {@code none} (a relay on a trusted network)
 * @param from     sender address
 * @param timeout  connect, read and write timeout
 */
@ConfigurationProperties("mail")
public record MailProperties(
        String host,
        @DefaultValue("587") int port,
        String username,
        String password,
        @DefaultValue("starttls") String security,
        String from,
        @DefaultValue("30s") Duration timeout) {}
