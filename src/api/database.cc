#include "api/database.h"

#include "storage/keys.h"

namespace riptide {

size_t ItemLocks::StripeOf(std::string_view item_key) {
  return keys::PartitionHash(item_key) % kStripes;
}

Result<std::unique_ptr<Database>> Database::Open(DatabaseOptions options) {
  if (!options.clock) options.clock = std::make_shared<SystemClock>();
  std::unique_ptr<Database> db(new Database(std::move(options)));
  RIPTIDE_ASSIGN_OR_RETURN(db->kv_, Kv::Open(db->options_.kv));
  db->catalog_ = std::make_unique<Catalog>(db->kv_.get());
  RIPTIDE_RETURN_IF_ERROR(db->catalog_->Load());
  db->index_builder_ = std::make_unique<IndexBuilder>(db.get());
  db->index_builder_->Start();
  return db;
}

std::string Database::TableArn(std::string_view table_name) const {
  std::string arn = "arn:aws:dynamodb:";
  arn += options_.region;
  arn += ':';
  arn += options_.account_id;
  arn += ":table/";
  arn += table_name;
  return arn;
}

}  // namespace riptide
