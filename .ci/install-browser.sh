#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver (same source version, so they always match) for the chat page's
# browser tests (io.chatgateway.page.ChatPageBrowserTest, @Tag("browser")). Without them those tests are skipped,
# saying so; nothing else needs a browser. Nothing is downloaded outside Debian's packages: Selenium is given the
# driver, so Selenium Manager never fetches one.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    echo "browser tests: $(/usr/bin/chromium --version 2>/dev/null | head -n 1) and its driver are installed"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "browser tests: chromium is missing and cannot be installed here (needs root and apt-get); they will be skipped"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if apt-get update -q && apt-get install -y -q chromium chromium-driver; then
    echo "browser tests: installed $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
else
    echo "browser tests: apt-get could not install chromium and chromium-driver; they will be skipped" >&2
fi
