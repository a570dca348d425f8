# Lentera: `make run` serves the shipped courses at http://localhost:8080; `make test` runs everything CI runs.
SWIFT ?= swift
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libsqlite3-dev zlib1g-dev pkg-config
TEST_APT_PACKAGES := chromium chromium-driver zbar-tools poppler-utils python3-selenium nginx openssl postgresql
BENCH_APT_PACKAGES := nginx wrk rsync postgresql
PYTHON ?= python3
# How long `make fuzz` runs the renderer's libFuzzer target (make test runs it for FUZZ_SECONDS too).
FUZZ_SECONDS ?= 60

.PHONY: run build test deps test-deps bench-deps bench check clean fuzz

# Installs only what is missing, with apt (as root, or through sudo when there is one).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

test-deps: deps
	$(call apt_install,$(TEST_APT_PACKAGES))

bench-deps: deps
	$(call apt_install,$(BENCH_APT_PACKAGES))

build: deps
	$(SWIFT) build

run: build
	$(SWIFT) run lentera serve --courses courses --data data --host 0.0.0.0 --port 8080

check: build
	$(SWIFT) run lentera check courses

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@# The HTTP suites again on PostgreSQL (a throwaway cluster the tests make with initdb and pg_ctl).
	LENTERA_TEST_DATABASE=postgres $(SWIFT) test --skip-build --filter LenteraWebTests
	$(SWIFT) run lentera check courses
	@# Selenium comes from Debian (python3-selenium, for /usr/bin/python3): nothing is pip-installed into a system Python.
	browser_python=$$(for p in $(PYTHON) /usr/bin/python3; do $$p -c "import selenium" 2>/dev/null && { echo $$p; break; }; done); \
		$${browser_python:?no Python with selenium: apt-get install python3-selenium} Tests/browser/test_browser.py \
		--binary "$$($(SWIFT) build --show-bin-path)/lentera" && \
		$$browser_python Tests/browser/test_programs.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/cli/test_cli.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/durability/test_durability.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/mirror/test_mirror.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/security/test_security.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/security/test_hardening.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/operations/test_operations.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/mail/test_mail.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/deploy/test_nginx.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(PYTHON) Tests/cluster/test_cluster.py --binary "$$($(SWIFT) build --show-bin-path)/lentera"
	$(MAKE) --no-print-directory fuzz

bench: bench-deps
	$(SWIFT) build -c release --product lentera
	Benchmarks/run.sh "$$($(SWIFT) build -c release --show-bin-path)/lentera"

# The Markdown renderer and the raw-HTML filter under libFuzzer (with AddressSanitizer), each output read again by
# libxml2; a finding stops with the input in .build/fuzz/crash-*. Built outside the package from the files it needs.
fuzz: deps
	mkdir -p .build/fuzz/corpus
	swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name LenteraFuzz \
		-I Sources/CCmarkGFM -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2 \
		Sources/LenteraContent/Markdown/MarkdownRenderer.swift Sources/LenteraContent/Markdown/RawHTMLFilter.swift \
		Sources/LenteraContent/Markdown/RawHTMLFilter+MathML.swift Sources/LenteraContent/Markdown/RawHTMLFilter+Tokenizer.swift \
		Sources/LenteraCore/Support/HTMLEscaping.swift Sources/LenteraCore/Course/Heading.swift \
		Tests/LenteraContentTests/Markdown/HTMLOracle.swift Tests/Fuzz/RendererFuzz.swift -o .build/fuzz/renderer
	.build/fuzz/renderer -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 -artifact_prefix=.build/fuzz/ \
		-print_final_stats=1 .build/fuzz/corpus Tests/Fuzz/corpus

clean:
	rm -rf .build
