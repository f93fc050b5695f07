-- A generation without a chat (a call of the OpenAI-compatible API): registered like any other, so it is counted,
-- can be stopped and is reaped when its replica dies; its answer is stored nowhere but in its events and its usage
-- row (V9: the key it was started with and the characters of text n8n gets). No row when the team runs as many
-- generations as its quota allows (V9 generation_slot_free, atomic across replicas).
INSERT INTO generations (id, chat_id, team_id, user_id, agent_id, owner, api_key_id, chars_in)
SELECT :generation_id, NULL, :team_id, :user_id, :agent_id, :owner, CAST(:api_key_id AS uuid),
       CAST(:chars_in AS bigint)
WHERE generation_slot_free(:team_id, CAST(:max_running_default AS integer))
  -- the requests per minute and tokens per month (V12 quota_admitted; counts the request)
  AND quota_admitted(:team_id, :quota_scope, CAST(:quota_per_key AS boolean), CAST(:rpm_default AS integer),
                     CAST(:tokens_default AS bigint))
