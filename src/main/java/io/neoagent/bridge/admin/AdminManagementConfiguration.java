package io.neoagent.bridge.admin;

import io.neoagent.bridge.catchup.NeoagentCatchUp;
import io.neoagent.bridge.delivery.DeliveryDispatcher;
import io.neoagent.bridge.inbox.InboxRepository;
import io.neoagent.bridge.web.NormalFormPathFilter;
import io.neoagent.bridge.web.WebConfiguration;
import java.time.Clock;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/** Puts the admin API into the management context, so it is served on the management port only. */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class AdminManagementConfiguration {

    @Bean
    AdminController adminController(InboxRepository inbox, DeliveryDispatcher dispatcher, NeoagentCatchUp catchUp) {
        return new AdminController(inbox, dispatcher, catchUp);
    }

    @Bean
    AdminSessionCookie adminSessionCookie(AdminProperties properties) {
        return new AdminSessionCookie(properties.token(), Clock.systemUTC());
    }

    @Bean
    StatusPageController statusPageController(
            InboxRepository inbox,
            DeliveryDispatcher dispatcher,
            NeoagentCatchUp catchUp,
            AdminProperties properties,
            AdminSessionCookie sessions) {
        return new StatusPageController(inbox, dispatcher, catchUp, properties, sessions);
    }

    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(AdminProperties properties, AdminSessionCookie sessions) {
        FilterRegistrationBean<AdminTokenFilter> registration =
                new FilterRegistrationBean<>(new AdminTokenFilter(properties, sessions));
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** The webhook port's rule on this port too: only paths in normal form, so the token filter sees the routed path. */
    @Bean
    FilterRegistrationBean<NormalFormPathFilter> managementNormalFormPathFilter() {
        return WebConfiguration.normalFormPaths();
    }
}
