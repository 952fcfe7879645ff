#include "server/dynamodb_handler.h"

#include "api/operation.h"
#include "common/json_writer.h"

namespace riptide {

namespace {

constexpr std::string_view kTargetPrefix = "DynamoDB_20120810.";

void Fail(const Status& st, HttpResponse* response) {
  response->status = HttpStatusFor(st.code());
  response->body = DynamoDbHandler::ErrorBody(st);
}

}  // namespace

std::string DynamoDbHandler::ErrorBody(const Status& status) {
  std::string body;
  JsonWriter w(&body);
  w.BeginObject();
  w.Key("__type");
  std::string type(ErrorNamespace(status.code()));
  type += ErrorName(status.code());
  w.String(type);
  if (status.code() == ErrorCode::kInternal || status.code() == ErrorCode::kIOError ||
      status.code() == ErrorCode::kNotFound) {
    // Internal details stay in the server log, not in the answer.
    w.Key("message");
    w.String("Internal server error");
  } else if (!status.message().empty()) {
    w.Key("message");
    w.String(status.message());
  }
  w.RawMembers(status.extra_json());
  w.EndObject();
  return body;
}

void DynamoDbHandler::Handle(const HttpRequest& request, HttpResponse* response) {
  if (request.method == "GET") {
    // A health line, as DynamoDB's endpoints answer GET /.
    response->content_type = "text/plain";
    response->body = "healthy: riptide\n";
    return;
  }
  if (request.method != "POST") {
    response->status = 405;
    response->content_type = "text/plain";
    response->body = "Method Not Allowed\n";
    return;
  }
  std::string_view target = request.Header("X-Amz-Target");
  if (request.Header("Authorization").empty() && request.target.find("X-Amz-Signature") ==
                                                     std::string_view::npos) {
    return Fail(Status(ErrorCode::kMissingAuthenticationToken,
                       "Request must contain either a valid (registered) AWS access key ID or "
                       "X.509 certificate."),
                response);
  }
  if (target.substr(0, kTargetPrefix.size()) != kTargetPrefix) {
    // A target of another service ("Foo_20120810.ListTables") is an invalid
    // action; one without a service prefix is an unknown operation.
    if (target.find('.') != std::string_view::npos) {
      return Fail(Status(ErrorCode::kInvalidAction,
                         "The action or operation requested is invalid. Verify that the action "
                         "is typed correctly."),
                  response);
    }
    return Fail(Status::UnknownOperation(), response);
  }
  std::string_view operation = target.substr(kTargetPrefix.size());
  Status st = ExecuteOperation(db_, operation, request.body, &response->body);
  if (!st.ok()) return Fail(st, response);
}

}  // namespace riptide
