package io.chatgateway.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerAdapter;
import org.springframework.web.servlet.ModelAndView;

/**
 * Calls a platform-http route's consumer straight from the DispatcherServlet. The starter maps each route to a
 * {@link HandlerMethod} ({@code service(request, response)}), which Spring MVC's {@code RequestMappingHandlerAdapter}
 * would invoke the way it invokes an annotated controller: a new invocable handler method with its annotations
 * looked up, argument resolvers for the two parameters, a model container and return-value handlers, on every
 * request (6-7 % of a send's CPU in a JFR profile). The consumer needs none of it: it writes the response itself
 * and returns nothing ({@link SynchronousPlatformHttpEngine}). Handler lookup, interceptors and CORS stay Spring
 * MVC's; any other handler goes to Spring MVC's own adapters.
 */
public class PlatformHttpHandlerAdapter implements HandlerAdapter, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public boolean supports(Object handler) {
        return handler instanceof HandlerMethod method
                && method.getBean() instanceof SynchronousPlatformHttpEngine.SynchronousConsumer;
    }

    @Override
    public ModelAndView handle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        ((SynchronousPlatformHttpEngine.SynchronousConsumer) ((HandlerMethod) handler).getBean()).service(request, response);
        return null;
    }

    @Override
    @Deprecated
    public long getLastModified(HttpServletRequest request, Object handler) {
        return -1;
    }
}
