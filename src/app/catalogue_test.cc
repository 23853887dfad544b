// The generated documents and the event catalogue's rules: what a reader of docs/ and of the
// change feed relies on.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "app/app.h"
#include "inventory/events.h"

namespace omnihub::app {
namespace {

TEST(DocsTest, EventsMarkdownIsGeneratedFromTheModulesEventTypes) {
  std::ifstream file(std::string(OMNIHUB_SOURCE_DIR) + "/docs/events.md");
  std::stringstream content;
  content << file.rdbuf();
  EXPECT_EQ(content.str(), EventsMarkdown())
      << "docs/events.md is stale: run build/omnihub events --markdown > docs/events.md";
}

// Every payload field has a data class (docs/events.md); a field named like personal data is
// classified personal, so a new field cannot leak through the feed's redaction or survive an
// erasure by being left at the default `none`. Business data that only sounds personal is
// listed with its reason.
TEST(EventCatalogueTest, FieldsNamedLikePersonalDataAreClassifiedPersonal) {
  const std::set<std::string_view> personal_names = {
      "email",      "phone",     "address",   "locker_id", "anonymous_id", "user_id",
      "first_name", "last_name", "full_name", "ip",        "user_agent",   "properties",
      "context",    "note",      "comment",   "message",   "birthday",     "date_of_birth"};
  const std::set<std::pair<std::string_view, std::string>> business = {
      {inventory::events::kLocationCreated.name, "address"},  // a store's address, not a person's
  };
  int checked = 0;
  for (const changes::EventInfo& info : node::EventCatalogue(AllModules())) {
    for (const schema::FieldInfo& field : info.fields()) {
      const size_t dot = field.path.rfind('.');
      std::string last = dot == std::string::npos ? field.path : field.path.substr(dot + 1);
      if (last.ends_with("[]")) {
        last.resize(last.size() - 2);
      }
      const bool named_personal = personal_names.contains(last) ||
                                  field.path.starts_with("contact.") ||
                                  field.path.find(".contact.") != std::string::npos;
      if (!named_personal || business.contains({info.name, field.path})) {
        continue;
      }
      ++checked;
      EXPECT_TRUE(schema::IsPersonal(field.data_class))
          << info.name << " " << field.path << " is classified none";
    }
  }
  EXPECT_GT(checked, 20);  // the rule met the contacts, addresses and ids it is for
}

TEST(DocsTest, ErrorsMarkdownIsGeneratedFromTheCatalogue) {
  std::ifstream file(std::string(OMNIHUB_SOURCE_DIR) + "/docs/errors.md");
  std::stringstream content;
  content << file.rdbuf();
  EXPECT_EQ(content.str(), ErrorCodesMarkdown())
      << "regenerate with: build/omnihub codes --markdown > docs/errors.md";
}

}  // namespace
}  // namespace omnihub::app
