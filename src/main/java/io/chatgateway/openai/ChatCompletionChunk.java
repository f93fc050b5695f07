package io.chatgateway.openai;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One {@code data:} event of a streamed completion. Every chunk has the same {@code id}; the first one's delta is
 * {@code {"role": "assistant", "content": ""}}, then one chunk per piece of the answer, then {@code delta: {}} with the
 * finish reason. With {@code stream_options.include_usage} every chunk has {@code "usage": null}, and a last chunk
 * with empty {@code choices} carries the usage; without it there is no {@code usage} field.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatCompletionChunk(String id, String object, long created, String model, String systemFingerprint,
                                  List<Choice> choices,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Usage> usage) {

    ChatCompletionChunk(String id, long created, String model, List<Choice> choices, Optional<Usage> usage) {
        this(id, "chat.completion.chunk", created, model, null, choices, usage);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Choice(int index, Delta delta, Object logprobs,
                         @Schema(allowableValues = {"stop", "length"}) String finishReason) {
    }

    /** What the chunk adds: the role (first chunk only) and a piece of text; {@code {}} in the last one. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {
    }
}
