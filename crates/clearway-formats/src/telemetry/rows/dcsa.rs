//! DCSA Track & Trace events in `telemetry_events` terms: the three shapes of the standard
//! (TNT 2.2, 3.0 beta, 3.0) as one [`Event`], the events of a file, and which of them a later
//! update in the same file supersedes.

use super::{container_number, Event};
use std::collections::{BTreeMap, BTreeSet};

/// The events of a DCSA document: a JSON array of events, `{"events": [...]}`, or a single
/// event object; `None` for anything else.
pub fn events_of(doc: serde_json::Value) -> Option<Vec<serde_json::Value>> {
    match doc {
        serde_json::Value::Array(a) => Some(a),
        serde_json::Value::Object(mut m) => match m.remove("events") {
            Some(serde_json::Value::Array(a)) => Some(a),
            _ => Some(vec![serde_json::Value::Object(m)]),
        },
        _ => None,
    }
}

/// The positions of the events to keep: of events sharing an eventID, the one with the latest
/// eventUpdatedDateTime (the last of equals); an event without an id is its own.
pub fn latest_updates(events: &[serde_json::Value]) -> BTreeSet<usize> {
    let mut latest: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        let id = json_text(e.get("eventID")).unwrap_or_else(|| format!("#{i}"));
        let updated = json_text(e.get("eventUpdatedDateTime")).unwrap_or_default();
        match latest.get(&id) {
            Some((seen, _)) if *seen > updated => {}
            _ => {
                latest.insert(id, (updated, i));
            }
        }
    }
    latest.values().map(|(_, i)| *i).collect()
}

/// A JSON value as text or number → f64 (DCSA 3.0 writes coordinates as strings).
pub fn json_number(v: Option<&serde_json::Value>) -> Option<f64> {
    match v? {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn json_text(v: Option<&serde_json::Value>) -> Option<String> {
    v?.as_str().map(String::from).filter(|s| !s.is_empty())
}

/// One DCSA event in clearway's terms, from any of the three shapes: TNT 2.2 (flat), 3.0 beta
/// (`metadata` + `payload`) and 3.0 final (`eventClassification` …). A retraction is `None`;
/// an event without a readable time is an error saying so.
pub fn event(e: &serde_json::Value) -> Result<Option<Event>, String> {
    let get = |path: &[&str]| -> Option<&serde_json::Value> {
        path.iter()
            .try_fold(e, |v, k| v.get(*k))
            .filter(|v| !v.is_null())
    };
    let (shape, body) = if e.get("metadata").is_some() {
        if get(&["metadata", "retractedEventID"]).is_some() {
            return Ok(None);
        }
        (
            "3.0-beta",
            e.get("payload").unwrap_or(&serde_json::Value::Null),
        )
    } else if e.get("eventClassification").is_some() {
        if get(&["isRetracted"]).and_then(|v| v.as_bool()) == Some(true) {
            return Ok(None);
        }
        ("3.0", e)
    } else {
        ("2.2", e)
    };
    let at = |path: &[&str]| {
        path.iter()
            .try_fold(body, |v, k| v.get(*k))
            .filter(|v| !v.is_null())
    };
    let kind = json_text(at(&["eventClassification", "eventTypeCode"]))
        .or_else(|| json_text(at(&["eventType"])))
        .or_else(|| json_text(get(&["metadata", "eventType"])))
        .unwrap_or_else(|| "UNKNOWN".into());
    let code = |field: &str| {
        json_text(at(&["eventClassification", field])).or_else(|| json_text(at(&[field])))
    };
    let event_type = match kind.as_str() {
        "IOT" => match json_text(at(&["iotDetails", "iotEventCode"]))
            .or_else(|| code("iotEventCode"))
            .as_deref()
        {
            Some("DRO") => "door_open".to_string(),
            Some("DRC") => "door_closed".to_string(),
            _ => "position".to_string(),
        },
        "EQUIPMENT" => format!(
            "equipment_{}",
            code("equipmentEventTypeCode").unwrap_or_default()
        ),
        "TRANSPORT" => format!(
            "transport_{}",
            code("transportEventTypeCode").unwrap_or_default()
        ),
        "SHIPMENT" => format!(
            "shipment_{}",
            code("shipmentEventTypeCode").unwrap_or_default()
        ),
        "REEFER" => format!("reefer_{}", code("reeferEventTypeCode").unwrap_or_default()),
        other => other.to_lowercase(),
    };
    let Some(when) = json_text(at(&["eventDateTime"])) else {
        return Err(format!(
            "{kind} event {} has no eventDateTime",
            json_text(get(&["eventID"])).unwrap_or_default()
        ));
    };
    let ts = chrono::DateTime::parse_from_rfc3339(&when)
        .map_err(|_| format!("eventDateTime `{when}` is not RFC 3339"))?
        .timestamp_micros();
    let container = json_text(at(&["equipmentDetails", "equipmentReference"]))
        .or_else(|| json_text(at(&["equipmentReference"])));
    let lat = json_number(at(&["eventLocation", "geoCoordinate", "latitude"]))
        .or_else(|| json_number(at(&["eventLocation", "latitude"])))
        .or_else(|| json_number(at(&["geoLocation", "latitude"])));
    let lon = json_number(at(&["eventLocation", "geoCoordinate", "longitude"]))
        .or_else(|| json_number(at(&["eventLocation", "longitude"])))
        .or_else(|| json_number(at(&["geoLocation", "longitude"])));
    let imo = json_text(at(&[
        "transportDetails",
        "vesselTransport",
        "vesselIMONumber",
    ]))
    .or_else(|| json_text(at(&["transportCall", "vessel", "vesselIMONumber"])));
    let location = json_text(at(&["eventLocation", "UNLocationCode"]))
        .or_else(|| json_text(at(&["transportCall", "UNLocationCode"])));
    // reefer readings: the first probe, else the ambient reading; Fahrenheit converted
    let fahrenheit = json_text(at(&["reeferDetails", "temperatureUnit"])).as_deref() == Some("FAH");
    let temperature = at(&["reeferDetails", "temperatureProbeMeasurements"])
        .and_then(|p| p.as_array())
        .and_then(|p| p.first())
        .and_then(|p| json_number(p.get("measuredTemperatureValue")))
        .or_else(|| json_number(at(&["measurements", "temperature"])))
        .map(|t| {
            if fahrenheit {
                (t - 32.0) * 5.0 / 9.0
            } else {
                t
            }
        });
    let humidity = json_number(at(&[
        "reeferDetails",
        "measuredParameters",
        "humidityPercentage",
    ]))
    .or_else(|| json_number(at(&["measurements", "humidity"])));
    let mut payload = e.clone();
    if let (serde_json::Value::Object(m), Some(setpoint)) = (
        &mut payload,
        json_number(at(&["reeferDetails", "internalSetpointTemperature"])),
    ) {
        // the reefer rule reads the setpoint from here, in °C
        m.insert(
            "setpoint_c".into(),
            serde_json::json!(if fahrenheit {
                (setpoint - 32.0) * 5.0 / 9.0
            } else {
                setpoint
            }),
        );
    }
    if let serde_json::Value::Object(m) = &mut payload {
        m.insert("dcsa_shape".into(), serde_json::json!(shape));
        // 2.2 writes seals[].sealNumber, 3.0 seals[].number
        let seals: Vec<String> = at(&["seals"])
            .or_else(|| at(&["equipmentDetails", "seals"]))
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
            .filter_map(|s| json_text(s.get("sealNumber")).or_else(|| json_text(s.get("number"))))
            .collect();
        if !seals.is_empty() {
            m.insert("seal_ids".into(), serde_json::json!(seals));
        }
    }
    Ok(Some(Event {
        source: "dcsa",
        container_id: container.as_deref().map(container_number),
        imo,
        ts: Some(ts),
        lat,
        lon,
        event_type,
        temperature_c: temperature,
        humidity_pct: humidity,
        location_code: location,
        payload: payload.to_string(),
        ..Default::default()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_three_shapes_give_one_event() {
        let flat = json!({"eventID": "a", "eventType": "EQUIPMENT", "equipmentEventTypeCode": "LOAD",
                          "eventDateTime": "2025-06-01T08:00:00Z", "equipmentReference": "mscu 1234566"});
        let beta = json!({"metadata": {"eventID": "a", "eventType": "EQUIPMENT"},
                          "payload": {"equipmentEventTypeCode": "LOAD", "eventDateTime": "2025-06-01T08:00:00Z",
                                      "equipmentReference": "MSCU1234566"}});
        let final_ = json!({"eventID": "a", "eventClassification": {"eventTypeCode": "EQUIPMENT",
                                                                   "equipmentEventTypeCode": "LOAD"},
                            "eventDateTime": "2025-06-01T08:00:00Z",
                            "equipmentDetails": {"equipmentReference": "MSCU1234566"}});
        for e in [flat, beta, final_] {
            let event = event(&e).unwrap().unwrap();
            assert_eq!(event.event_type, "equipment_LOAD", "{e}");
            assert_eq!(event.container_id.as_deref(), Some("MSCU1234566"), "{e}");
        }
        let retracted = json!({"eventClassification": {}, "isRetracted": true});
        assert!(event(&retracted).unwrap().is_none());
        let untimed = json!({"eventID": "b", "eventType": "TRANSPORT"});
        assert_eq!(
            event(&untimed).err().unwrap(),
            "TRANSPORT event b has no eventDateTime"
        );
    }

    #[test]
    fn a_later_update_supersedes_and_documents_are_arrays_or_wrapped() {
        let events = events_of(json!({"events": [
            {"eventID": "a", "eventUpdatedDateTime": "2025-06-02"},
            {"eventID": "a", "eventUpdatedDateTime": "2025-06-01"},
            {"eventID": "b"}
        ]}))
        .unwrap();
        assert_eq!(latest_updates(&events), BTreeSet::from([0, 2]));
        assert!(events_of(json!("text")).is_none());
    }
}
