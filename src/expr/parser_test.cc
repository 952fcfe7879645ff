// Unit tests for the pieces under the table-driven cases: the lexer, the AST
// shape the Query layer inspects, Java set ordering, the context, formats.

#include <gtest/gtest.h>

#include "expr/expression.h"
#include "expr/format.h"
#include "expr/java_order.h"
#include "expr/lexer.h"
#include "expr/reserved_words.h"

namespace riptide::expr {
namespace {

std::vector<TokenKind> Kinds(std::string_view text) {
  std::vector<TokenKind> out;
  for (const Token& t : Tokenize(text)) out.push_back(t.kind);
  return out;
}

TEST(Lexer, TokensAndOffsets) {
  using K = TokenKind;
  EXPECT_EQ(Kinds("a.b[10] <> :v"),
            (std::vector<K>{K::kIdentifier, K::kDot, K::kIdentifier, K::kLBracket, K::kNumber,
                            K::kRBracket, K::kNe, K::kValueRef, K::kEof}));
  EXPECT_EQ(Kinds("#n1 <= 01 >= < > = + - ,"),
            (std::vector<K>{K::kNameRef, K::kLe, K::kNumber, K::kNumber, K::kGe, K::kLt, K::kGt,
                            K::kEq, K::kPlus, K::kMinus, K::kComma, K::kEof}));
  auto tokens = Tokenize("  and Or nOT between IN set REMOVE add DELETE x");
  EXPECT_EQ(tokens[0].kind, K::kAnd);
  EXPECT_EQ(tokens[0].begin, 2u);
  EXPECT_EQ(tokens[8].kind, K::kDelete);
  EXPECT_EQ(tokens[9].kind, K::kIdentifier);
}

TEST(Lexer, UnknownCharactersAreSingleTokens) {
  using K = TokenKind;
  EXPECT_EQ(Kinds("# : _a \f é"),
            (std::vector<K>{K::kUnknown, K::kUnknown, K::kUnknown, K::kIdentifier, K::kUnknown,
                            K::kUnknown, K::kEof}));
  auto t = Tokenize("é");
  EXPECT_EQ(t[0].end - t[0].begin, 2u);  // one code point, two bytes
  auto bad = Tokenize("\xff\xfe");
  EXPECT_EQ(bad.size(), 3u);  // invalid bytes are one token each
}

TEST(Lexer, Utf16Length) {
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("héllo"), 5u);
  EXPECT_EQ(Utf16Length("\xF0\x9F\x98\x80"), 2u);  // a surrogate pair
}

// The Query layer inspects KeyConditionExpression ASTs; check their shape.
TEST(Ast, KeyConditionShape) {
  ExpressionContext ctx;
  ctx.AddName("#s", "sk");
  ctx.AddValue(":p", AttributeValue::String("k"));
  ctx.AddValue(":v", AttributeValue::String("pre"));
  Result<Condition> c =
      ParseCondition("pk = :p AND begins_with(#s, :v)", ExpressionType::kKeyCondition, &ctx);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->kind, Condition::Kind::kAnd);
  const Condition& eq = c->children[0];
  EXPECT_EQ(eq.kind, Condition::Kind::kCompare);
  EXPECT_EQ(eq.op, CompareOp::kEq);
  EXPECT_EQ(eq.operands[0].path.top(), "pk");
  EXPECT_EQ(eq.operands[1].value->str(), "k");
  const Condition& bw = c->children[1];
  ASSERT_EQ(bw.kind, Condition::Kind::kFunction);
  EXPECT_EQ(bw.operands[0].function, Function::kBeginsWith);
  EXPECT_EQ(bw.operands[0].args[0].path.top(), "sk");
  EXPECT_EQ(bw.operands[0].args[0].path.elements[0].kind, PathElement::Kind::kNameRef);
  EXPECT_TRUE(ctx.CheckAllUsed().ok());
}

TEST(Ast, PrefixNamesTheParameter) {
  ExpressionContext ctx;
  Result<Condition> f = ParseCondition("a <", ExpressionType::kFilter, &ctx);
  EXPECT_EQ(f.status().message(),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"<\"");
  Result<Condition> k = ParseCondition("", ExpressionType::kKeyCondition, &ctx);
  EXPECT_EQ(k.status().message(),
            "Invalid KeyConditionExpression: The expression can not be empty;");
}

TEST(Ast, BetweenAndPathsResolved) {
  ExpressionContext ctx;
  ctx.AddName("#x", "x.y");
  ctx.AddValue(":a", AttributeValue::NumberText("1"));
  ctx.AddValue(":b", AttributeValue::NumberText("2"));
  Result<Condition> c =
      ParseCondition("#x.b[3] BETWEEN :a AND :b", ExpressionType::kCondition, &ctx);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->kind, Condition::Kind::kBetween);
  const Path& p = c->operands[0].path;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p.elements[0].name, "x.y");
  EXPECT_EQ(p.elements[1].name, "b");
  EXPECT_TRUE(p.elements[2].is_index());
  EXPECT_EQ(p.elements[2].index, 3u);
  EXPECT_EQ(FormatPath(p), "[x.y, b, [3]]");
}

TEST(JavaOrder, StringHash) {
  EXPECT_EQ(JavaStringHash(""), 0);
  EXPECT_EQ(JavaStringHash("#a"), 1182);
  EXPECT_EQ(JavaStringHash("AaAaAaAaAaAaAaAaAaAaAaAaAa"),
            JavaStringHash("BBBBBBBBBBBBBBBBBBBBBBBBBB"));
  EXPECT_EQ(JavaStringHash("\xF0\x9F\x98\x80"), 0xD83D * 31 + 0xDE00);
}

// Orders observed on the reference.
TEST(JavaOrder, UnusedKeyOrder) {
  EXPECT_EQ(JavaSetToString({"#b", "#a", "#c"}, 3), "{#c, #a, #b}");
  EXPECT_EQ(JavaSetToString({"#q", "#a"}, 2), "{#q, #a}");  // same bucket: request order
  EXPECT_EQ(JavaSetToString({"#a", "#q"}, 2), "{#a, #q}");
}

TEST(Context, UnusedNamesBeforeValues) {
  ExpressionContext ctx;
  ctx.AddName("#b", "x");
  ctx.AddName("#a", "y");
  ctx.AddValue(":v", AttributeValue::String("v"));
  ctx.AddValue(":w", AttributeValue::String("w"));
  EXPECT_NE(ctx.UseName("#a"), nullptr);
  EXPECT_EQ(ctx.UseName("#zz"), nullptr);
  EXPECT_EQ(ctx.CheckAllUsed().message(),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
  ctx.UseName("#b");
  ctx.UseValue(":w");
  EXPECT_EQ(ctx.CheckAllUsed().message(),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}");
}

TEST(Context, MapValidation) {
  EXPECT_TRUE(ExpressionContext::ValidateNameEntry("#a_1", "x").ok());
  EXPECT_EQ(ExpressionContext::ValidateNameEntry("n", "x").message(),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"n\"");
  EXPECT_EQ(ExpressionContext::ValidateNameEntry("#", "x").message(),
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"");
  EXPECT_EQ(ExpressionContext::ValidateNameEntry("#a", "").message(),
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a");
  EXPECT_EQ(ExpressionContext::ValidateValueKey(":a-b").message(),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \":a-b\"");
  EXPECT_TRUE(ExpressionContext::ValidateValueKey(":_0").ok());
}

TEST(ReservedWords, CaseInsensitiveAndComplete) {
  EXPECT_TRUE(IsReservedWord("status"));
  EXPECT_TRUE(IsReservedWord("StAtUs"));
  EXPECT_TRUE(IsReservedWord("ABORT"));
  EXPECT_TRUE(IsReservedWord("zone"));
  EXPECT_FALSE(IsReservedWord("size"));     // accepted by DynamoDB as a name
  EXPECT_FALSE(IsReservedWord("convert"));  // likewise
  EXPECT_FALSE(IsReservedWord("statuses"));
  EXPECT_FALSE(IsReservedWord(std::string(100, 'a')));
}

TEST(Format, BoundValues) {
  EXPECT_EQ(FormatBoundValue(AttributeValue::NumberText("5")), "AttributeValue: {N:5}");
  EXPECT_EQ(FormatBoundValue(AttributeValue::Binary("ab")),
            "AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=2 cap=2]}");
}

}  // namespace
}  // namespace riptide::expr
