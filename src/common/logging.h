#pragma once

// Minimal logging to stderr: one line per message with a UTC timestamp and
// level. Thread-safe (one fprintf per line).

#include <cstdarg>

namespace riptide {

enum class LogLevel { kDebug = 0, kInfo, kWarn, kError };

// Messages below this level are dropped. Default: kInfo.
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);

void Log(LogLevel level, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

#define RIPTIDE_LOG_INFO(...) ::riptide::Log(::riptide::LogLevel::kInfo, __VA_ARGS__)
#define RIPTIDE_LOG_WARN(...) ::riptide::Log(::riptide::LogLevel::kWarn, __VA_ARGS__)
#define RIPTIDE_LOG_ERROR(...) ::riptide::Log(::riptide::LogLevel::kError, __VA_ARGS__)

}  // namespace riptide
