//! Integration tests of the core and the `kloe` command line: one binary,
//! one module per area.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod architecture;
mod assignments;
mod backup;
mod bindings;
mod cli;
mod commands;
mod crash;
mod damaged;
mod dry_run;
mod export;
mod faults;
mod fuzz;
mod import;
mod large;
mod limits;
mod names;
mod next_year;
mod pack;
mod partner_packs;
// Devices, pipes, links and permissions: the hostile paths are Unix's.
#[cfg(unix)]
mod paths;
mod rec_packs;
mod recommendations;
mod sample;
mod schema;
mod security;
mod store;
mod structure;
mod tracker;
mod trust;
mod workdays;
