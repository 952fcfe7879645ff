#pragma once

// Status and Result<T>: errors are values (STYLE.md "Errors are values").
//
// A Status is either OK (no allocation, a null pointer) or carries one of
// DynamoDB's error types and a message. The server edge turns a non-OK Status
// into DynamoDB's JSON error body; nothing below the server knows about JSON
// or HTTP status codes except through ErrorCode.

#include <cassert>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace riptide {

// DynamoDB's error types. The names are the wire names after '#'.
enum class ErrorCode : unsigned char {
  kOk = 0,
  kValidation,                 // ValidationException, 400
  kSerialization,              // SerializationException, 400
  kUnknownOperation,           // UnknownOperationException, 400
  kInvalidAction,              // InvalidAction, 400
  kMissingAuthenticationToken, // MissingAuthenticationTokenException, 400
  kIncompleteSignature,        // IncompleteSignatureException, 400
  kInvalidSignature,           // InvalidSignatureException, 400
  kUnrecognizedClient,         // UnrecognizedClientException, 400
  kAccessDenied,               // AccessDeniedException, 400
  kResourceNotFound,           // ResourceNotFoundException, 400
  kResourceInUse,              // ResourceInUseException, 400
  kLimitExceeded,              // LimitExceededException, 400
  kConditionalCheckFailed,     // ConditionalCheckFailedException, 400
  kTransactionCanceled,        // TransactionCanceledException, 400
  kTransactionConflict,        // TransactionConflictException, 400
  kTransactionInProgress,      // TransactionInProgressException, 400
  kIdempotentParameterMismatch,// IdempotentParameterMismatchException, 400
  kItemCollectionSizeLimitExceeded,  // ItemCollectionSizeLimitExceededException, 400
  kProvisionedThroughputExceeded,    // ProvisionedThroughputExceededException, 400
  kRequestLimitExceeded,       // RequestLimitExceeded, 400
  kDuplicateItem,              // DuplicateItemException, 400
  kRequestEntityTooLarge,      // RequestEntityTooLarge, 413
  kInternal,                   // InternalServerError, 500
  kNotFound,                   // internal only: a lookup found nothing
  kIOError,                    // internal only: storage failed; becomes 500
};

// The wire name of an error type ("ValidationException").
std::string_view ErrorName(ErrorCode code);
// The `__type` prefix DynamoDB uses for this error type.
std::string_view ErrorNamespace(ErrorCode code);
// The HTTP status DynamoDB answers with for this error type.
int HttpStatusFor(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() noexcept = default;  // OK
  Status(ErrorCode code, std::string message);

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&& other) noexcept = default;
  Status& operator=(Status&& other) noexcept = default;

  static Status OK() { return Status(); }
  static Status Validation(std::string msg) { return {ErrorCode::kValidation, std::move(msg)}; }
  static Status Serialization(std::string msg) {
    return {ErrorCode::kSerialization, std::move(msg)};
  }
  static Status UnknownOperation(std::string msg = "An unknown operation was requested.") {
    return {ErrorCode::kUnknownOperation, std::move(msg)};
  }
  static Status ResourceNotFound(std::string msg) {
    return {ErrorCode::kResourceNotFound, std::move(msg)};
  }
  static Status ResourceInUse(std::string msg) {
    return {ErrorCode::kResourceInUse, std::move(msg)};
  }
  static Status LimitExceeded(std::string msg) {
    return {ErrorCode::kLimitExceeded, std::move(msg)};
  }
  static Status ConditionalCheckFailed(std::string msg = "The conditional request failed") {
    return {ErrorCode::kConditionalCheckFailed, std::move(msg)};
  }
  static Status Internal(std::string msg) { return {ErrorCode::kInternal, std::move(msg)}; }
  static Status NotFound(std::string msg = "") { return {ErrorCode::kNotFound, std::move(msg)}; }
  static Status IOError(std::string msg) { return {ErrorCode::kIOError, std::move(msg)}; }

  bool ok() const { return state_ == nullptr; }
  ErrorCode code() const { return state_ ? state_->code : ErrorCode::kOk; }
  bool IsNotFound() const { return code() == ErrorCode::kNotFound; }
  const std::string& message() const;

  // Extra members for the error's JSON body, already serialised as
  // `"Name":value` pairs without surrounding braces (for example the `Item`
  // of a ConditionalCheckFailedException or the `CancellationReasons` of a
  // TransactionCanceledException). Empty when there are none.
  const std::string& extra_json() const;
  Status& set_extra_json(std::string json);

  // "ValidationException: message", for logs and test failures.
  std::string ToString() const;

  // Marks a deliberately ignored error; greppable (rocksdb PermitUncheckedError).
  void PermitUnchecked() const {}

 private:
  struct State {
    ErrorCode code;
    std::string message;
    std::string extra_json;
  };
  std::unique_ptr<State> state_;
};

// Result<T>: a T or a non-OK Status (a small std::expected).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)), has_value_(true) {}  // NOLINT: implicit on purpose
  Result(Status status) : status_(std::move(status)) {             // NOLINT
    assert(!status_.ok() && "Result from an OK Status has no value");
  }
  Result(ErrorCode code, std::string message) : status_(code, std::move(message)) {}

  bool ok() const { return has_value_; }
  const Status& status() const { return status_; }
  Status TakeStatus() { return std::move(status_); }

  T& value() & {
    assert(has_value_);
    return *value_ptr();
  }
  const T& value() const& {
    assert(has_value_);
    return *value_ptr();
  }
  T&& value() && {
    assert(has_value_);
    return std::move(*value_ptr());
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  T* value_ptr() { return &value_; }
  const T* value_ptr() const { return &value_; }

  // T is default-constructed when the Result holds an error; every T we use
  // (strings, vectors, small structs) is cheap to default-construct.
  T value_{};
  Status status_;
  bool has_value_ = false;
};

}  // namespace riptide

// Propagate a non-OK Status from an expression returning Status.
#define RIPTIDE_RETURN_IF_ERROR(expr)        \
  do {                                       \
    ::riptide::Status _st = (expr);          \
    if (!_st.ok()) return _st;               \
  } while (0)

#define RIPTIDE_CONCAT_INNER(a, b) a##b
#define RIPTIDE_CONCAT(a, b) RIPTIDE_CONCAT_INNER(a, b)

// `RIPTIDE_ASSIGN_OR_RETURN(auto x, Compute());` declares x from a Result or
// returns its Status.
#define RIPTIDE_ASSIGN_OR_RETURN(lhs, expr)                          \
  auto RIPTIDE_CONCAT(_res_, __LINE__) = (expr);                     \
  if (!RIPTIDE_CONCAT(_res_, __LINE__).ok())                         \
    return RIPTIDE_CONCAT(_res_, __LINE__).TakeStatus();             \
  lhs = std::move(RIPTIDE_CONCAT(_res_, __LINE__)).value()
