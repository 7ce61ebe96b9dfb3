//! Inspection packs: what the officer who opens a selected container takes along, and what
//! comes back.
//!
//! [`brief`] writes a pack for one declaration (`clearway inspect brief`): an offline page
//! with the declaration, why it was selected, a checklist derived from those reasons, the
//! container's journey and, where design files are declared, their 3D models at real size
//! (with AR where the browser offers it). The pack's checklist ([`checklist`]) carries an id
//! and a hash, recorded in the workspace when the pack is issued.
//!
//! [`record`] takes the officer's answers back (`clearway inspect record`): a result for a pack
//! this workspace did not issue, for an altered checklist, or for a pack already recorded is
//! refused whole; an accepted one becomes annotations, the `inspected`/`illicit`/
//! `revenue_recovered` labels the learned model trains on, and audit entries, in one
//! transaction.

pub mod brief;
pub mod checklist;
pub mod record;
