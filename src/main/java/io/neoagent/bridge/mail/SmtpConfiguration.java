package io.neoagent.bridge.mail;

import java.util.Locale;
import java.util.Properties;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.JavaMailSender;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SMTP connection the e-mail routes send through ({@code javaMailSender: "#staffMailSender"}):
 * authentication only when a user name is set, STARTTLS required or TLS from the start, and timeouts so a
 * hanging server fails the attempt instead of blocking it.
 */
@Configuration(proxyBeanMethods = false)
class SmtpConfiguration {

    @Bean
    JavaMailSender staffMailSender(MailProperties mail) {
        DefaultJavaMailSender sender = new DefaultJavaMailSender();
        sender.setProtocol("smtp");
        sender.setHost(mail.host());
        sender.setPort(mail.port());
        Properties properties = new Properties();
        String timeout = Long.toString(mail.timeout().toMillis());
        properties.setProperty("mail.smtp.connectiontimeout", timeout);
        properties.setProperty("mail.smtp.timeout", timeout);
        properties.setProperty("mail.smtp.writetimeout", timeout);
        switch (mail.security() == null ? "starttls" : mail.security().strip().toLowerCase(Locale.ROOT)) {
            case "smtps" -> properties.setProperty("mail.smtp.ssl.enable", "true");
            case "none" -> properties.setProperty("mail.smtp.starttls.enable", "false");
            default -> {
                properties.setProperty("mail.smtp.starttls.enable", "true");
                properties.setProperty("mail.smtp.starttls.required", "true");
            }
        }
        if (mail.username() != null && !mail.username().isBlank()) {
            properties.setProperty("mail.smtp.auth", "true");
            sender.setUsername(mail.username());
            sender.setPassword(mail.password());
        }
        sender.setJavaMailProperties(properties);
        return sender;
    }
}
