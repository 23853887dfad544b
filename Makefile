# omnihub front door: make run, make test, make bench. CMake + Ninja + ccache underneath.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= 2
PORT ?= 8080
DB ?= sqlite:omnihub.db
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test unit scenarios bench bench-compare fuzz check_headers format tidy clean

all: build

deps:
	@scripts/deps.sh

$(BUILD_DIR)/build.ninja:
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@scripts/run.sh $(BUILD_DIR)/omnihub "$(DB)" $(PORT)

test: build
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target check_headers
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

bench: build
	@scripts/bench.sh $(BUILD_DIR)

# Every benchmark for BEFORE=path/to/an/older/omnihub and this build, alternating rounds.
bench-compare: build
	@scripts/bench_compare.sh $(BUILD_DIR) $(BEFORE)

# The fuzz targets under libFuzzer, ASan and UBSan for FUZZ_SECONDS each (default 600), new
# coverage merged into tests/fuzz/corpus (docs/security.md, "Fuzzing").
fuzz:
	@scripts/fuzz.sh

check_headers: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target check_headers

format:
	@find src tests bench -name '*.h' -o -name '*.cc' | xargs clang-format -i

tidy: configure
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
	@find src -name '*.cc' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	@rm -rf $(BUILD_DIR)
