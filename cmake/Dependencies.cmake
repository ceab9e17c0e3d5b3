# Every library comes from a Debian 12 package listed in scripts/deps.txt.
find_package(Threads REQUIRED)
find_package(Boost 1.81 EXACT REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka++ rdkafka)
pkg_check_modules(GRPCPP REQUIRED IMPORTED_TARGET grpc++)
pkg_check_modules(PROTOBUF REQUIRED IMPORTED_TARGET protobuf)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_library(JEMALLOC_LIBRARY NAMES jemalloc REQUIRED)
find_program(PROTOC protoc REQUIRED)
find_program(GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)

add_library(tt_boost INTERFACE)
target_include_directories(tt_boost SYSTEM INTERFACE ${Boost_INCLUDE_DIRS})
target_compile_definitions(tt_boost INTERFACE BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
target_link_libraries(tt_boost INTERFACE Threads::Threads)

# api-gateway allocates with jemalloc instead of glibc's malloc: on its cached reads glibc's
# malloc/free were ~10 % of its CPU, and jemalloc cut its CPU per request by 10-16 %
# (docs/PERFORMANCE.md item 23). The services behind it showed no gain on the like path and 2-10 MiB
# more RSS each, so they keep glibc's. Tunable at run time with MALLOC_CONF.
add_library(tt_malloc INTERFACE)
# --no-as-needed: nothing calls jemalloc by name, and a linker that drops unreferenced libraries
# (Ubuntu's default) would otherwise leave glibc's malloc in place without a word.
target_link_libraries(tt_malloc INTERFACE -Wl,--push-state,--no-as-needed ${JEMALLOC_LIBRARY} -Wl,--pop-state)
