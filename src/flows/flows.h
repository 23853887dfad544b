#pragma once

#include "node/node.h"

// Use cases that span modules, each in one transaction: checkout (checkout.h), a person's
// export and erasure (privacy.h), the Google Merchant feed (feeds.h).
namespace omnihub::flows {

// Their routes and events, as the node builds them (module.cc): one line in app/modules.cc.
// REQUIRES: listed after every module whose service they use.
extern const node::Module kModule;

}  // namespace omnihub::flows
