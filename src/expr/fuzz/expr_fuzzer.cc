// libFuzzer target for the expression engine: lexer, parser, validation,
// evaluation, update application and projection.
//
// Input: one selector byte, then the expression text. The selector picks the
// grammar (condition, update, projection) and which item to run it against.
// Built and run by tools/test-suites.d/fuzz-expr.sh.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "expr/expression.h"

namespace {

using riptide::AttributeList;
using riptide::AttributeMap;
using riptide::AttributeValue;
using riptide::AttrType;
using riptide::Item;
namespace expr = riptide::expr;

AttributeValue N(const char* s) { return AttributeValue::NumberText(s); }
AttributeValue S(const char* s) { return AttributeValue::String(s); }

Item MakeItem() {
  Item item;
  item.Set("pk", S("k"));
  item.Set("a", S("hello"));
  item.Set("n", N("99999999999999999999999999999999999999"));
  item.Set("small", N("0.0000000000000000000000000000000000001"));
  item.Set("ss", AttributeValue::Set(AttrType::kSS, {"x", "y"}));
  item.Set("ns", AttributeValue::Set(AttrType::kNS, {"1", "2"}));
  item.Set("bs", AttributeValue::Set(AttrType::kBS, {std::string("\x01\x02", 2)}));
  AttributeMap inner;
  inner.Set("c", AttributeValue::List({N("1"), S("x"), AttributeValue::List({})}));
  inner.Set("d", AttributeValue::Bool(true));
  item.Set("m", AttributeValue::Map(inner));
  item.Set("l",
           AttributeValue::List({AttributeValue::Map(inner), N("-5"), AttributeValue::Null()}));
  return item;
}

void FillContext(expr::ExpressionContext* ctx) {
  ctx->AddName("#a", "a");
  ctx->AddName("#m", "m");
  ctx->AddName("#pk", "pk");
  ctx->AddName("#dot", "x.y");
  ctx->AddValue(":s", S("he"));
  ctx->AddValue(":n", N("1"));
  ctx->AddValue(":big", N("9.9999999999999999999999999999999999999E+125"));
  ctx->AddValue(":tiny", N("1E-130"));
  ctx->AddValue(":ss", AttributeValue::Set(AttrType::kSS, {"x", "z"}));
  ctx->AddValue(":ns", AttributeValue::Set(AttrType::kNS, {"2", "3"}));
  ctx->AddValue(":l", AttributeValue::List({N("7")}));
  ctx->AddValue(":t", S("SS"));
  ctx->AddValue(":b", AttributeValue::Bool(false));
  ctx->AddValue(":nul", AttributeValue::Null());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const Item kItem = MakeItem();
  Item key;
  key.Set("pk", S("k"));
  const uint8_t selector = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const Item* item = (selector & 0x10) ? nullptr : &kItem;
  expr::ExpressionContext ctx;
  FillContext(&ctx);
  switch (selector % 3) {
    case 0: {
      auto cond = expr::ParseCondition(text, expr::ExpressionType::kCondition, &ctx);
      if (cond.ok()) {
        ctx.CheckAllUsed().PermitUnchecked();
        expr::EvaluateCondition(*cond, item);
      }
      break;
    }
    case 1: {
      auto update = expr::ParseUpdate(text, &ctx);
      if (update.ok()) {
        ctx.CheckAllUsed().PermitUnchecked();
        auto applied = expr::ApplyUpdate(*update, item, key, {"pk"});
        if (applied.ok()) {
          expr::UpdatedAttributes(*update, item);
          expr::UpdatedAttributes(*update, &applied->new_item);
        }
      }
      break;
    }
    default: {
      auto projection = expr::ParseProjection(text, &ctx);
      if (projection.ok() && item != nullptr) expr::ApplyProjection(*projection, *item);
      break;
    }
  }
  return 0;
}
