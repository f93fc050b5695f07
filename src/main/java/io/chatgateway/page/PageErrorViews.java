package io.chatgateway.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.view.json.MappingJackson2JsonView;

/**
 * What a browser sees when Spring answers an error itself (unknown path, wrong method): a small page of our own
 * outside the API instead of the Whitelabel page, and the API's JSON body under {@code /api} even when the
 * request accepted HTML. Requests that do not accept HTML never get here: they get the JSON body.
 */
@Component
public class PageErrorViews implements ErrorViewResolver {

    private final String template;
    private final View json;

    public PageErrorViews(ObjectMapper objectMapper) {
        this.template = read("page/error.html");
        this.json = new MappingJackson2JsonView(objectMapper);
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = (uri instanceof String original ? original : request.getRequestURI())
                .substring(request.getContextPath().length());
        if (path.equals("/api") || path.startsWith("/api/")) {
            return withStatus(new ModelAndView(json, model), status);
        }
        return withStatus(new ModelAndView(page(status)), status);
    }

    private static ModelAndView withStatus(ModelAndView view, HttpStatus status) {
        view.setStatus(status);
        return view;
    }

    private View page(HttpStatus status) {
        // only constants go in (the status and its phrase): nothing of the request is echoed into the page
        byte[] html = template
                .replace("{{title}}", status == HttpStatus.NOT_FOUND ? "Page not found" : status.getReasonPhrase())
                .replace("{{status}}", Integer.toString(status.value()))
                .replace("{{text}}", status == HttpStatus.NOT_FOUND
                        ? "There is nothing at this address." : "The server could not answer this request.")
                .getBytes(StandardCharsets.UTF_8);
        return (model, request, response) -> {
            response.setContentType("text/html;charset=UTF-8");
            response.setContentLength(html.length);
            response.getOutputStream().write(html);
        };
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
