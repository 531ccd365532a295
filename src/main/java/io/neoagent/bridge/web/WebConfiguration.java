package io.neoagent.bridge.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The HTTP rules every port shares. The management port registers the same filter in its own context. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /** First of all filters: only a path in normal form gets any further (see {@link NormalFormPathFilter}). */
    public static FilterRegistrationBean<NormalFormPathFilter> normalFormPaths() {
        FilterRegistrationBean<NormalFormPathFilter> registration =
                new FilterRegistrationBean<>(new NormalFormPathFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<NormalFormPathFilter> normalFormPathFilter() {
        return normalFormPaths();
    }
}
