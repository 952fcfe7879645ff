#include "expr/format.h"

namespace riptide::expr {

std::string FormatPath(const Path& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.elements.size(); ++i) {
    if (i > 0) out += ", ";
    const PathElement& el = path.elements[i];
    if (el.is_index()) {
      out += "[";
      out += el.text;
      out += "]";
    } else {
      out += el.name;
    }
  }
  out += "]";
  return out;
}

std::string FormatBoundValue(const AttributeValue& v) {
  std::string out = "AttributeValue: {";
  out += AttrTypeName(v.type());
  out += ":";
  if (v.is(AttrType::kB)) {
    std::string n = std::to_string(v.str().size());
    out += "java.nio.HeapByteBuffer[pos=0 lim=" + n + " cap=" + n + "]";
  } else {
    out += v.str();
  }
  out += "}";
  return out;
}

std::string_view LongTypeName(AttrType t) {
  switch (t) {
    case AttrType::kS:
      return "STRING";
    case AttrType::kN:
      return "NUMBER";
    case AttrType::kB:
      return "BINARY";
    case AttrType::kBool:
      return "BOOLEAN";
    case AttrType::kNull:
      return "NULL";
    case AttrType::kM:
      return "MAP";
    case AttrType::kL:
      return "LIST";
    case AttrType::kSS:
      return "STRING_SET";
    case AttrType::kNS:
      return "NUMBER_SET";
    case AttrType::kBS:
      return "BINARY_SET";
  }
  return "";
}

std::string_view AnyTypeSetText() {
  return "{DOUBLESET,FLOAT,S,L,M,N,DICT,BS,DECIMALSET,DOUBLE,INT,SS,B,HD,NS,HDS,NULL,DECIMAL,FS,"
         "BOOL,INTSET}";
}

}  // namespace riptide::expr
