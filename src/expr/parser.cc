#include "expr/parser.h"

#include <memory>
#include <utility>
#include <vector>

#include "expr/lexer.h"

namespace riptide::expr {

namespace {

// A condition-grammar item before we know what it is: `(a)` may turn out to
// be a parenthesised operand (`(a) = :v`) or `(a = :v)` a condition.
struct Item {
  bool is_condition = false;
  Condition cond;
  Operand operand;
  // The item is exactly "( ... )": wrapping it in parentheses again is
  // DynamoDB's "redundant parentheses" error.
  bool parenthesized = false;
};

bool IsComparator(TokenKind k) {
  return k == TokenKind::kEq || k == TokenKind::kNe || k == TokenKind::kLt || k == TokenKind::kLe ||
         k == TokenKind::kGt || k == TokenKind::kGe;
}

CompareOp ComparatorOf(TokenKind k) {
  switch (k) {
    case TokenKind::kNe:
      return CompareOp::kNe;
    case TokenKind::kLt:
      return CompareOp::kLt;
    case TokenKind::kLe:
      return CompareOp::kLe;
    case TokenKind::kGt:
      return CompareOp::kGt;
    case TokenKind::kGe:
      return CompareOp::kGe;
    default:
      return CompareOp::kEq;
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(Tokenize(text)) {}

  ParseOutcome Condition(riptide::expr::Condition* out) {
    Item item;
    if (ParseOr(&item) && ToCondition(&item)) {
      if (Expect(TokenKind::kEof)) *out = std::move(item.cond);
    }
    return Finish();
  }

  ParseOutcome Update(UpdateExpression* out) {
    bool seen[4] = {false, false, false, false};
    do {
      UpdateAction::Kind kind;
      switch (Kind()) {
        case TokenKind::kSet:
          kind = UpdateAction::Kind::kSet;
          break;
        case TokenKind::kRemove:
          kind = UpdateAction::Kind::kRemove;
          break;
        case TokenKind::kAdd:
          kind = UpdateAction::Kind::kAdd;
          break;
        case TokenKind::kDelete:
          kind = UpdateAction::Kind::kDelete;
          break;
        default:
          Fail();
          return Finish();
      }
      if (seen[static_cast<int>(kind)]) RepeatedClause(kind);
      seen[static_cast<int>(kind)] = true;
      Advance();
      if (!ParseActions(kind, out)) return Finish();
    } while (!At(TokenKind::kEof));
    return Finish();
  }

  ParseOutcome Projection(ProjectionExpression* out) {
    do {
      Path path;
      if (!ParsePath(&path)) return Finish();
      out->paths.push_back(std::move(path));
    } while (Accept(TokenKind::kComma));
    Expect(TokenKind::kEof);
    return Finish();
  }

 private:
  TokenKind Kind() const { return tokens_[pos_].kind; }
  TokenKind KindAt(size_t i) const { return tokens_[std::min(i, tokens_.size() - 1)].kind; }
  bool At(TokenKind k) const { return Kind() == k; }
  void Advance() {
    if (pos_ + 1 < tokens_.size()) ++pos_;
  }
  bool Accept(TokenKind k) {
    if (!At(k)) return false;
    Advance();
    return true;
  }
  bool Expect(TokenKind k) { return Accept(k) || Fail(); }
  std::string_view Text(size_t i) const {
    return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }

  // Records DynamoDB's syntax error at the current token; always false.
  bool Fail() {
    if (!syntax_.ok()) return false;
    const Token& tok = tokens_[pos_];
    size_t begin = pos_ > 0 ? tokens_[pos_ - 1].begin : 0;
    size_t end = text_.size();
    if (tok.kind != TokenKind::kEof && tokens_[pos_ + 1].kind != TokenKind::kEof) {
      end = tokens_[pos_ + 1].end;
    }
    std::string msg = "Syntax error; token: \"";
    msg += tok.kind == TokenKind::kEof ? std::string_view("<EOF>") : Text(pos_);
    msg += "\", near: \"";
    msg += text_.substr(begin, end - begin);
    msg += "\"";
    syntax_ = Status::Validation(std::move(msg));
    return false;
  }

  void Redundant() {
    if (redundant_.ok())
      redundant_ = Status::Validation("The expression has redundant parentheses;");
  }

  void RepeatedClause(UpdateAction::Kind kind) {
    static constexpr std::string_view kNames[] = {"SET", "REMOVE", "ADD", "DELETE"};
    if (!repeated_.ok()) return;
    std::string msg = "The \"";
    msg += kNames[static_cast<int>(kind)];
    msg += "\" section can only be used once in an update expression;";
    repeated_ = Status::Validation(std::move(msg));
  }

  ParseOutcome Finish() {
    ParseOutcome outcome;
    outcome.syntax = std::move(syntax_);
    if (outcome.syntax.ok()) {
      outcome.redundant_parens = std::move(redundant_);
      outcome.repeated_clause = std::move(repeated_);
    }
    return outcome;
  }

  // ---- paths and operands ----

  // After a ".", DynamoDB's grammar also takes a `:value` token, which it
  // then looks up as an attribute name ("a.:v" is "attribute name: :v is not
  // defined"); ParsePath passes `after_dot`.
  bool ParsePathElementName(Path* path, bool after_dot = false) {
    PathElement el;
    if (At(TokenKind::kIdentifier)) {
      el.kind = PathElement::Kind::kName;
      el.text = el.name = std::string(Text(pos_));
    } else if (At(TokenKind::kNameRef) || (after_dot && At(TokenKind::kValueRef))) {
      el.kind = PathElement::Kind::kNameRef;
      el.text = std::string(Text(pos_));
    } else {
      return Fail();
    }
    Advance();
    path->elements.push_back(std::move(el));
    return true;
  }

  bool ParsePath(Path* path) {
    if (!ParsePathElementName(path)) return false;
    for (;;) {
      if (Accept(TokenKind::kDot)) {
        if (!ParsePathElementName(path, /*after_dot=*/true)) return false;
      } else if (Accept(TokenKind::kLBracket)) {
        if (!At(TokenKind::kNumber)) return Fail();
        PathElement el;
        el.kind = PathElement::Kind::kIndex;
        el.text = std::string(Text(pos_));
        Advance();
        if (!Expect(TokenKind::kRBracket)) return false;
        path->elements.push_back(std::move(el));
      } else {
        return true;
      }
    }
  }

  // `arg_parser` parses one argument: condition operands or update operands.
  template <typename ArgParser>
  bool ParseFunctionCall(Operand* out, ArgParser arg_parser) {
    out->kind = Operand::Kind::kFunction;
    out->function_name = std::string(Text(pos_));
    out->function = FunctionByName(out->function_name);
    Advance();  // the name
    Advance();  // "("
    do {
      out->args.emplace_back();  // parsed in place: no Operand on this frame
      if (!(this->*arg_parser)(&out->args.back(), nullptr)) return false;
    } while (Accept(TokenKind::kComma));
    return Expect(TokenKind::kRParen);
  }

  // A condition operand: path, :value, function call or "( operand )".
  bool ParseOperand(Operand* out, bool* parenthesized) {
    if (parenthesized) *parenthesized = false;
    switch (Kind()) {
      case TokenKind::kLParen: {
        Advance();
        bool inner_paren = false;
        if (!ParseOperand(out, &inner_paren) || !Expect(TokenKind::kRParen)) return false;
        if (inner_paren) Redundant();
        if (parenthesized) *parenthesized = true;
        return true;
      }
      case TokenKind::kIdentifier:
        if (KindAt(pos_ + 1) == TokenKind::kLParen) {
          return ParseFunctionCall(out, &Parser::ParseOperand);
        }
        [[fallthrough]];
      case TokenKind::kNameRef:
        out->kind = Operand::Kind::kPath;
        return ParsePath(&out->path);
      case TokenKind::kValueRef:
        out->kind = Operand::Kind::kValue;
        out->value_ref = std::string(Text(pos_));
        Advance();
        return true;
      default:
        return Fail();
    }
  }

  // ---- conditions ----

  // Turns a function-call operand into a function condition; any other
  // operand cannot stand alone and fails at the current token, where
  // DynamoDB's parser stops too.
  bool ToCondition(Item* item) {
    if (item->is_condition) return true;
    if (item->operand.kind != Operand::Kind::kFunction) return Fail();
    item->is_condition = true;
    item->cond.kind = riptide::expr::Condition::Kind::kFunction;
    item->cond.operands.push_back(std::move(item->operand));
    return true;
  }

  bool Combine(Item* left, Item* right, riptide::expr::Condition::Kind kind) {
    riptide::expr::Condition c;
    c.kind = kind;
    c.children.push_back(std::move(left->cond));
    c.children.push_back(std::move(right->cond));
    left->cond = std::move(c);
    left->parenthesized = false;
    return true;
  }

  // Items that live across a recursive call are on the heap: a 4 KB
  // expression can nest 2,000 parentheses deep, and each level's frames must
  // stay small (DynamoDB has no nesting limit of its own to report).

  bool ParseOr(Item* out) {
    if (!ParseAnd(out)) return false;
    while (At(TokenKind::kOr)) {
      if (!ToCondition(out)) return false;
      Advance();
      auto right = std::make_unique<Item>();
      if (!ParseAnd(right.get()) || !ToCondition(right.get())) return false;
      Combine(out, right.get(), riptide::expr::Condition::Kind::kOr);
    }
    return true;
  }

  bool ParseAnd(Item* out) {
    if (!ParseNot(out)) return false;
    while (At(TokenKind::kAnd)) {
      if (!ToCondition(out)) return false;
      Advance();
      auto right = std::make_unique<Item>();
      if (!ParseNot(right.get()) || !ToCondition(right.get())) return false;
      Combine(out, right.get(), riptide::expr::Condition::Kind::kAnd);
    }
    return true;
  }

  bool ParseNot(Item* out) {
    if (!At(TokenKind::kNot)) return ParsePrimary(out);
    Advance();
    auto child = std::make_unique<Item>();
    if (!ParseNot(child.get()) || !ToCondition(child.get())) return false;
    out->is_condition = true;
    out->cond.kind = riptide::expr::Condition::Kind::kNot;
    out->cond.children.push_back(std::move(child->cond));
    return true;
  }

  bool ParsePrimary(Item* out) {
    if (At(TokenKind::kLParen)) {
      Advance();
      auto inner = std::make_unique<Item>();
      if (!ParseOr(inner.get()) || !Expect(TokenKind::kRParen)) return false;
      if (inner->parenthesized) Redundant();
      if (inner->is_condition) {
        *out = std::move(*inner);
        out->parenthesized = true;
        return true;
      }
      out->operand = std::move(inner->operand);
      out->parenthesized = true;
    } else if (!ParseOperand(&out->operand, nullptr)) {
      return false;
    }
    return ContinueComparison(out);
  }

  // After a leading operand: a comparator, BETWEEN or IN makes it a
  // condition; otherwise the operand is returned for the caller to judge.
  bool ContinueComparison(Item* out) {
    TokenKind k = Kind();
    if (!IsComparator(k) && k != TokenKind::kBetween && k != TokenKind::kIn) return true;
    auto owned = std::make_unique<riptide::expr::Condition>();  // off the stack, see above
    riptide::expr::Condition& c = *owned;
    if (IsComparator(k)) {
      c.kind = riptide::expr::Condition::Kind::kCompare;
      c.op = ComparatorOf(k);
      Advance();
      c.operands.push_back(std::move(out->operand));
      if (!ParseOperandInto(&c)) return false;
    } else if (k == TokenKind::kBetween) {
      c.kind = riptide::expr::Condition::Kind::kBetween;
      Advance();
      c.operands.push_back(std::move(out->operand));
      if (!ParseOperandInto(&c) || !Expect(TokenKind::kAnd) || !ParseOperandInto(&c)) return false;
    } else if (k == TokenKind::kIn) {
      c.kind = riptide::expr::Condition::Kind::kIn;
      Advance();
      c.operands.push_back(std::move(out->operand));
      if (!Expect(TokenKind::kLParen)) return false;
      do {
        if (!ParseOperandInto(&c)) return false;
      } while (Accept(TokenKind::kComma));
      if (!Expect(TokenKind::kRParen)) return false;
    }
    out->is_condition = true;
    out->parenthesized = false;
    out->cond = std::move(c);
    return true;
  }

  bool ParseOperandInto(riptide::expr::Condition* c) {
    Operand op;
    if (!ParseOperand(&op, nullptr)) return false;
    c->operands.push_back(std::move(op));
    return true;
  }

  // ---- updates ----

  bool ParseActions(UpdateAction::Kind kind, UpdateExpression* out) {
    do {
      UpdateAction action;
      action.kind = kind;
      if (!ParsePath(&action.path)) return false;
      switch (kind) {
        case UpdateAction::Kind::kSet:
          if (!Expect(TokenKind::kEq) || !ParseSetValue(&action.value, nullptr)) return false;
          break;
        case UpdateAction::Kind::kRemove:
          break;
        case UpdateAction::Kind::kAdd:
        case UpdateAction::Kind::kDelete:
          // Only a `:value` may follow: "ADD a (:v)" and "ADD a b" are
          // syntax errors in DynamoDB.
          if (!At(TokenKind::kValueRef)) return Fail();
          action.value.kind = Operand::Kind::kValue;
          action.value.value_ref = std::string(Text(pos_));
          Advance();
          break;
      }
      out->actions.push_back(std::move(action));
    } while (Accept(TokenKind::kComma));
    // A clause ends at the next clause keyword or at the end.
    switch (Kind()) {
      case TokenKind::kSet:
      case TokenKind::kRemove:
      case TokenKind::kAdd:
      case TokenKind::kDelete:
      case TokenKind::kEof:
        return true;
      default:
        return Fail();
    }
  }

  // SET's right-hand side: operand, operand + operand, operand - operand,
  // or "( value )". A parenthesised sum cannot be an operand of another
  // sum: DynamoDB rejects "(:a + :b) + :c" at the second "+".
  bool ParseSetValue(Operand* out, bool* parenthesized) {
    if (parenthesized) *parenthesized = false;
    auto left_owner = std::make_unique<Operand>();
    Operand& left = *left_owner;
    if (At(TokenKind::kLParen)) {
      Advance();
      bool inner_paren = false;
      if (!ParseSetValue(&left, &inner_paren) || !Expect(TokenKind::kRParen)) return false;
      if (inner_paren) Redundant();
      if (left.kind == Operand::Kind::kPlus || left.kind == Operand::Kind::kMinus ||
          !(At(TokenKind::kPlus) || At(TokenKind::kMinus))) {
        *out = std::move(left);
        if (parenthesized) *parenthesized = true;
        return true;
      }
    } else if (!ParseSetOperand(&left, nullptr)) {
      return false;
    }
    if (!At(TokenKind::kPlus) && !At(TokenKind::kMinus)) {
      *out = std::move(left);
      return true;
    }
    out->kind = At(TokenKind::kPlus) ? Operand::Kind::kPlus : Operand::Kind::kMinus;
    Advance();
    Operand right;
    if (!ParseSetOperand(&right, nullptr)) return false;
    out->args.push_back(std::move(left));
    out->args.push_back(std::move(right));
    return true;
  }

  bool ParseSetOperand(Operand* out, bool* parenthesized) {
    if (parenthesized) *parenthesized = false;
    if (At(TokenKind::kLParen)) {
      Advance();
      bool inner_paren = false;
      if (!ParseSetOperand(out, &inner_paren) || !Expect(TokenKind::kRParen)) return false;
      if (inner_paren) Redundant();
      if (parenthesized) *parenthesized = true;
      return true;
    }
    if (At(TokenKind::kIdentifier) && KindAt(pos_ + 1) == TokenKind::kLParen) {
      return ParseFunctionCall(out, &Parser::ParseSetOperand);
    }
    return ParseOperand(out, parenthesized);
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  Status syntax_;
  Status redundant_;
  Status repeated_;
};

}  // namespace

ParseOutcome ParseConditionSyntax(std::string_view text, Condition* out) {
  return Parser(text).Condition(out);
}

ParseOutcome ParseUpdateSyntax(std::string_view text, UpdateExpression* out) {
  return Parser(text).Update(out);
}

ParseOutcome ParseProjectionSyntax(std::string_view text, ProjectionExpression* out) {
  return Parser(text).Projection(out);
}

}  // namespace riptide::expr
