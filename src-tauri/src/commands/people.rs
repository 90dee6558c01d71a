//! Ausleihende: the borrower screens.

use serde::Serialize;
use tauri::State;

use super::{now, with_store, workstation, CommandError};
use crate::state::AppState;
use kiz::db::engine::Engine;
use kiz::lists::Paging;
use kiz::people::{self, Borrower, BorrowerInput, BorrowerKind};

/// A page of the borrower list.
#[derive(Debug, Serialize)]
pub struct BorrowerPage {
    pub total: i64,
    pub rows: Vec<Borrower>,
    /// The sort the page was read in (`name:asc`).
    pub sort: String,
    pub next_card_number: String,
}

/// A page of Ausleihende in `sort` (`None`: the sort kept for the list),
/// the kinds sorting in `kind_order` (the order of their labels on screen).
#[tauri::command]
pub async fn search_borrowers(
    state: State<'_, AppState>,
    text: String,
    limit: u32,
    offset: u32,
    sort: Option<String>,
    kind_order: Option<Vec<BorrowerKind>>,
) -> Result<BorrowerPage, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| {
            let page = people::borrower_list_in(
                sql,
                &text,
                sort.as_deref(),
                kind_order.as_deref().unwrap_or_default(),
                Paging { limit, offset },
            )?;
            Ok(BorrowerPage {
                total: page.total,
                rows: page.rows,
                sort: page.sort,
                next_card_number: people::next_card_number_in(sql)?,
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn get_borrower(state: State<'_, AppState>, id: i64) -> Result<Borrower, CommandError> {
    with_store(&state, move |store| {
        store.read_sql(|sql| people::borrower_in(sql, id))
    })
    .await
}

#[tauri::command]
pub async fn save_borrower(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: BorrowerInput,
) -> Result<Borrower, CommandError> {
    with_store(&state, move |db| match id {
        Some(id) => people::update_borrower(db, id, &input, now(), workstation()),
        None => people::create_borrower(db, &input, now()),
    })
    .await
}

#[tauri::command]
pub async fn set_borrower_blocked(
    state: State<'_, AppState>,
    id: i64,
    reason: Option<String>,
    version: Option<i64>,
) -> Result<Borrower, CommandError> {
    with_store(&state, move |db| {
        people::set_blocked(db, id, reason.as_deref(), now(), version, workstation())
    })
    .await
}
