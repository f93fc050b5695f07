#!/bin/sh
# n8n container start (docker-compose.yml): imports the OpenAI credential (from OPENAI_API_KEY / OPENAI_BASE_URL)
# and the sample workflows, publishes the workflows, then starts n8n. Imports keep their ids, so running this
# at every start updates instead of duplicating. CLI changes only take effect when n8n starts, hence before it.
set -eu
here=$(dirname "$0")
credentials=$(mktemp)
node -e '
  require("fs").writeFileSync(process.argv[1], JSON.stringify([{
    id: "ChatGwOpenAiCred",
    name: "OpenAI (from environment)",
    type: "openAiApi",
    data: { apiKey: process.env.OPENAI_API_KEY || "not-set", url: process.env.OPENAI_BASE_URL || "https://api.openai.com/v1" }
  }]));' "$credentials"
n8n import:credentials --input="$credentials"
rm -f "$credentials"
for workflow in "$here"/workflows/*.json; do
  n8n import:workflow --input="$workflow"
done
n8n publish:workflow --id=ChatGwStreamAgnt
n8n publish:workflow --id=ChatGwJsonEcho01
n8n publish:workflow --id=ChatGwSlowAnswer
exec n8n start
