#pragma once

// Small helpers over simdjson's DOM.
//
// AsObject/AsArray return by value on purpose: simdjson's value_unsafe() on
// a temporary result returns a reference into that temporary, which a
// range-for would keep using after the temporary is gone. Iterate over
// AsObject(el), never over el.get_object().value_unsafe().

#include <simdjson.h>

namespace riptide {

// The element as an object/array; the caller has checked its type.
inline simdjson::dom::object AsObject(const simdjson::dom::element& el) {
  simdjson::dom::object obj;
  if (el.get_object().get(obj) != simdjson::SUCCESS) return {};
  return obj;
}

inline simdjson::dom::array AsArray(const simdjson::dom::element& el) {
  simdjson::dom::array arr;
  if (el.get_array().get(arr) != simdjson::SUCCESS) return {};
  return arr;
}

}  // namespace riptide
