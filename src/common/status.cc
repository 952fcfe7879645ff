#include "common/status.h"

namespace riptide {

std::string_view ErrorName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "OK";
    case ErrorCode::kValidation: return "ValidationException";
    case ErrorCode::kSerialization: return "SerializationException";
    case ErrorCode::kUnknownOperation: return "UnknownOperationException";
    case ErrorCode::kInvalidAction: return "InvalidAction";
    case ErrorCode::kMissingAuthenticationToken: return "MissingAuthenticationTokenException";
    case ErrorCode::kIncompleteSignature: return "IncompleteSignatureException";
    case ErrorCode::kInvalidSignature: return "InvalidSignatureException";
    case ErrorCode::kUnrecognizedClient: return "UnrecognizedClientException";
    case ErrorCode::kAccessDenied: return "AccessDeniedException";
    case ErrorCode::kResourceNotFound: return "ResourceNotFoundException";
    case ErrorCode::kResourceInUse: return "ResourceInUseException";
    case ErrorCode::kLimitExceeded: return "LimitExceededException";
    case ErrorCode::kConditionalCheckFailed: return "ConditionalCheckFailedException";
    case ErrorCode::kTransactionCanceled: return "TransactionCanceledException";
    case ErrorCode::kTransactionConflict: return "TransactionConflictException";
    case ErrorCode::kTransactionInProgress: return "TransactionInProgressException";
    case ErrorCode::kIdempotentParameterMismatch: return "IdempotentParameterMismatchException";
    case ErrorCode::kItemCollectionSizeLimitExceeded:
      return "ItemCollectionSizeLimitExceededException";
    case ErrorCode::kProvisionedThroughputExceeded:
      return "ProvisionedThroughputExceededException";
    case ErrorCode::kRequestLimitExceeded: return "RequestLimitExceeded";
    case ErrorCode::kDuplicateItem: return "DuplicateItemException";
    case ErrorCode::kRequestEntityTooLarge: return "RequestEntityTooLarge";
    case ErrorCode::kInternal:
    case ErrorCode::kNotFound:
    case ErrorCode::kIOError: return "InternalServerError";
  }
  return "InternalServerError";
}

std::string_view ErrorNamespace(ErrorCode code) {
  switch (code) {
    // Errors raised by the service framework rather than by DynamoDB itself.
    case ErrorCode::kSerialization:
    case ErrorCode::kUnknownOperation:
    case ErrorCode::kMissingAuthenticationToken:
    case ErrorCode::kIncompleteSignature:
    case ErrorCode::kInvalidSignature:
    case ErrorCode::kAccessDenied:
    case ErrorCode::kRequestEntityTooLarge:
      return "com.amazon.coral.service#";
    default:
      return "com.amazonaws.dynamodb.v20120810#";
  }
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInternal:
    case ErrorCode::kNotFound:
    case ErrorCode::kIOError: return 500;
    case ErrorCode::kRequestEntityTooLarge: return 413;
    case ErrorCode::kOk: return 200;
    default: return 400;
  }
}

Status::Status(ErrorCode code, std::string message)
    : state_(code == ErrorCode::kOk ? nullptr
                                    : new State{code, std::move(message), std::string()}) {}

Status::Status(const Status& other)
    : state_(other.state_ ? new State(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) state_.reset(other.state_ ? new State(*other.state_) : nullptr);
  return *this;
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

const std::string& Status::extra_json() const {
  static const std::string kEmpty;
  return state_ ? state_->extra_json : kEmpty;
}

Status& Status::set_extra_json(std::string json) {
  if (state_) state_->extra_json = std::move(json);
  return *this;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(ErrorName(code()));
  if (code() == ErrorCode::kNotFound) out = "NotFound";
  if (code() == ErrorCode::kIOError) out = "IOError";
  out += ": ";
  out += state_->message;
  return out;
}

}  // namespace riptide
