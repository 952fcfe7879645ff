#include "api/read_pager.h"

#include "model/item_codec.h"

namespace riptide {

Status ReadPage(Kv* kv, const PageRequest& request, const PageVisitor& visit, PageResult* result) {
  KvReadOptions options;
  options.lower_bound = request.lower;
  options.upper_bound = request.upper;
  // A page of a scan reads up to 1 MB; keep it out of the block cache.
  options.bulk = request.bulk;
  std::unique_ptr<KvIterator> it = kv->NewIterator(options);

  if (request.exclusive_start) {
    const std::string& start = *request.exclusive_start;
    if (request.reverse) {
      it->SeekForPrev(start);
      if (it->Valid() && it->key() == start) it->Prev();
    } else {
      it->Seek(start);
      if (it->Valid() && it->key() == start) it->Next();
    }
  } else if (request.reverse) {
    it->SeekToLast();
  } else {
    it->SeekToFirst();
  }

  auto advance = [&] { request.reverse ? it->Prev() : it->Next(); };
  for (; it->Valid(); advance()) {
    std::string_view stored = it->value();
    result->scanned += 1;
    result->bytes_read += StoredItemSize(stored);
    RIPTIDE_RETURN_IF_ERROR(visit(it->key(), stored));
    if (request.limit && result->scanned >= *request.limit) {
      result->last_key = std::string(it->key());
      result->stopped_by_limit = true;
      break;
    }
    if (result->bytes_read >= request.max_bytes) {
      // A page ends after the item that brings the data read to 1 MB; it
      // has a LastEvaluatedKey only when another item follows.
      std::string key(it->key());
      advance();
      if (it->Valid()) result->last_key = std::move(key);
      break;
    }
  }
  RIPTIDE_RETURN_IF_ERROR(it->status());
  return Status::OK();
}

}  // namespace riptide
