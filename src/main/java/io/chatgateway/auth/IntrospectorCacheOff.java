package io.chatgateway.auth;

import jakarta.servlet.Filter;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Spring Security runs its filter chain inside {@link HandlerMappingIntrospector#createCacheFilter()}, which looks
 * up the request's Spring MVC handler twice (handler and CORS configuration) before any security filter runs,
 * for the sake of MvcRequestMatcher and the introspector's CorsConfigurationSource. This service uses neither
 * (path-pattern matchers and its own CorsFilter, {@link SecurityConfig}), so on every request those lookups
 * walked Camel's mappings for nothing: about 6 % of the CPU of a {@code GET /api/chats} (bench/results). The
 * introspector stays as it is; only its cache filter passes the request on.
 */
@Configuration(proxyBeanMethods = false)
class IntrospectorCacheOff {

    static final String BEAN_NAME = "mvcHandlerMappingIntrospector";

    @Bean
    static BeanPostProcessor introspectorWithoutCache() {
        return new Replacer();
    }

    /** Spring MVC's introspector whose cache filter does nothing but pass the request on. */
    static final class PassThroughIntrospector extends HandlerMappingIntrospector {
        @Override
        public Filter createCacheFilter() {
            return (request, response, chain) -> chain.doFilter(request, response);
        }
    }

    private static final class Replacer implements BeanPostProcessor, ApplicationContextAware {

        private ApplicationContext context;

        @Override
        public void setApplicationContext(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
            if (!BEAN_NAME.equals(beanName) || bean.getClass() != HandlerMappingIntrospector.class) {
                return bean;
            }
            // the container still calls afterSingletonsInstantiated() (which reads the handler mappings) on the
            // object it registers, that is on this one
            PassThroughIntrospector introspector = new PassThroughIntrospector();
            introspector.setApplicationContext(context);
            return introspector;
        }
    }
}
