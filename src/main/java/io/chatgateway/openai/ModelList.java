package io.chatgateway.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code GET /v1/models}: {@code {"object": "list", "data": [Model]}}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelList(String object, List<Model> data) {

    public ModelList(List<Model> data) {
        this("list", data);
    }
}
