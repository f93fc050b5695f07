package io.chatgateway.auth;

import java.util.List;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;

/**
 * Takes Spring MVC's HandlerMappingIntrospector cache filter back out of the security filter chain.
 * <p>
 * Spring Security 6.5 wraps {@code springSecurityFilterChain} in a composite whose first filter looks up the MVC
 * handler of every request in advance, for MvcRequestMatcher. Our matchers are path patterns
 * ({@link SecurityConfig#pathPatternMatchers()}), so nothing reads that lookup: it only repeated the handler
 * lookup the DispatcherServlet does anyway, on the request and again on its async dispatch (bench/results). The
 * other composite around the chain (ServletRequestPathFilter, which path patterns use) stays. When the wrapping
 * is not the one known here (another Spring Security version), the chain is left as it is and
 * SecurityFilterChainTest fails.
 */
class IntrospectorCacheFilterRemoval implements BeanFactoryPostProcessor {

    private static final String CHAIN = "springSecurityFilterChain";
    private static final String COMPOSITE = "$CompositeFilterChainProxy";
    private static final String MVC_COMPOSITE = "WebMvcSecurityConfiguration$CompositeFilterChainProxy";
    private static final String CACHE_FILTER = "WebMvcSecurityConfiguration$HandlerMappingIntrospectorCacheFilterFactoryBean";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory instanceof BeanDefinitionRegistry registry && registry.containsBeanDefinition(CHAIN)) {
            BeanDefinition chain = registry.getBeanDefinition(CHAIN);
            BeanDefinition withoutCacheFilter = withoutCacheFilter(chain);
            if (withoutCacheFilter != chain) {
                registry.removeBeanDefinition(CHAIN);
                registry.registerBeanDefinition(CHAIN, withoutCacheFilter);
            }
        }
    }

    /** The definition with the MVC composite replaced by the chain it wraps, at any depth of composites. */
    private static BeanDefinition withoutCacheFilter(BeanDefinition definition) {
        if (!isA(definition, COMPOSITE)) {
            return definition;
        }
        ValueHolder argument = definition.getConstructorArgumentValues().getIndexedArgumentValue(0, null);
        if (argument == null || !(argument.getValue() instanceof List<?> filters)) {
            return definition;
        }
        if (isA(definition, MVC_COMPOSITE) && filters.size() == 2
                && filters.get(0) instanceof BeanDefinition cacheFilter && isA(cacheFilter, CACHE_FILTER)
                && filters.get(1) instanceof BeanDefinition wrapped) {
            return wrapped;
        }
        @SuppressWarnings("unchecked")
        List<Object> inner = (List<Object>) filters;
        inner.replaceAll(filter -> filter instanceof BeanDefinition nested ? withoutCacheFilter(nested) : filter);
        return definition;
    }

    private static boolean isA(BeanDefinition definition, String classNameEnd) {
        return definition.getBeanClassName() != null && definition.getBeanClassName().endsWith(classNameEnd);
    }
}
