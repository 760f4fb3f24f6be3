"""Live device data over Anker's MQTT broker: frames, field maps, decoding (codec), and the
client side: credentials, TLS, the session, live value store, overlay, data policy, statistics.

May import from the library: common, cloud.
"""

from .backoff import Backoff
from .capture import (
    CAPTURE_PATTERN,
    CapturedMessage,
    CaptureLine,
    CaptureRecorder,
    capture_file_name,
    capture_files,
    ndjson_text,
    read_capture_text,
)
from .cmdmaps import (
    COMMANDS,
    MODELS_WITHOUT_COMMANDS,
    CommandSpec,
    ParamSpec,
    command_by_id,
    commands_for,
    commands_setting,
)
from .command_codec import DecodedCommand, check_value, decode_command, encode_command
from .command_codec import supported as command_supported
from .commands import (
    parse_command,
    realtime_trigger_frame,
    realtime_trigger_type,
    reply_frame,
    reply_type_for,
    status_request_frame,
    status_request_type,
)
from .control import (
    ControlResult,
    MqttNotConfirmedError,
    power_commands,
    resolve_values,
    send_power_action,
    send_setting,
    send_settings,
)
from .control_values import action_effect, status_name, status_value
from .credentials import (
    DEFAULT_PORT,
    MqttCredentials,
    MqttCredentialsError,
    fetch_credentials,
    parse_endpoint,
)
from .decode import JSON_MSG_TYPE, DecodedMessage, decode_frame_for, decode_json_for
from .device import MqttDevice
from .encode import encode_values
from .envelope import (
    InboundMessage,
    command_envelope,
    command_seed,
    command_topic,
    data_topic,
    data_topic_filter,
    device_envelope,
    is_command_seed,
    parse_message,
)
from .frame import FRAME_STATS, Frame, MqttFrameError, RawField, build_frame, parse_frame
from .maps import (
    LAYOUTS,
    MODEL_INFO,
    MODEL_LAYOUTS,
    FieldSpec,
    Layout,
    ModelInfo,
    layouts_for,
    value_specs,
)
from .overlay import (
    FAMILY_RULES,
    MODEL_FAMILY,
    Freshest,
    LiveOverlay,
    Rule,
    mqtt_overlay_pairs,
    overlay_keys,
    overlay_value,
)
from .player import CapturePlayer, CaptureSchedule
from .policy import (
    DEFAULT_STATUS_INTERVAL,
    REALTIME_RANGE,
    STATUS_INTERVAL_RANGE,
    LivePolicy,
    check_command_target,
    check_realtime_seconds,
    check_status_interval,
)
from .session import MqttSession
from .stats import MessageCount, MqttStats
from .store import LiveValue, LiveValueStore
from .tls import build_tls_context
from .values import Value

__all__ = [
    "CAPTURE_PATTERN",
    "COMMANDS",
    "DEFAULT_PORT",
    "DEFAULT_STATUS_INTERVAL",
    "FAMILY_RULES",
    "FRAME_STATS",
    "JSON_MSG_TYPE",
    "LAYOUTS",
    "MODELS_WITHOUT_COMMANDS",
    "MODEL_FAMILY",
    "MODEL_INFO",
    "MODEL_LAYOUTS",
    "REALTIME_RANGE",
    "STATUS_INTERVAL_RANGE",
    "Backoff",
    "CaptureLine",
    "CapturePlayer",
    "CaptureRecorder",
    "CaptureSchedule",
    "CapturedMessage",
    "CommandSpec",
    "ControlResult",
    "DecodedCommand",
    "DecodedMessage",
    "FieldSpec",
    "Frame",
    "Freshest",
    "InboundMessage",
    "Layout",
    "LiveOverlay",
    "LivePolicy",
    "LiveValue",
    "LiveValueStore",
    "MessageCount",
    "ModelInfo",
    "MqttCredentials",
    "MqttCredentialsError",
    "MqttDevice",
    "MqttFrameError",
    "MqttNotConfirmedError",
    "MqttSession",
    "MqttStats",
    "ParamSpec",
    "RawField",
    "Rule",
    "Value",
    "action_effect",
    "build_frame",
    "build_tls_context",
    "capture_file_name",
    "capture_files",
    "check_command_target",
    "check_realtime_seconds",
    "check_status_interval",
    "check_value",
    "command_by_id",
    "command_envelope",
    "command_seed",
    "command_supported",
    "command_topic",
    "commands_for",
    "commands_setting",
    "data_topic",
    "data_topic_filter",
    "decode_command",
    "decode_frame_for",
    "decode_json_for",
    "device_envelope",
    "encode_command",
    "encode_values",
    "fetch_credentials",
    "is_command_seed",
    "layouts_for",
    "mqtt_overlay_pairs",
    "ndjson_text",
    "overlay_keys",
    "overlay_value",
    "parse_command",
    "parse_endpoint",
    "parse_frame",
    "parse_message",
    "power_commands",
    "read_capture_text",
    "realtime_trigger_frame",
    "realtime_trigger_type",
    "reply_frame",
    "reply_type_for",
    "resolve_values",
    "send_power_action",
    "send_setting",
    "send_settings",
    "status_name",
    "status_request_frame",
    "status_request_type",
    "status_value",
    "value_specs",
]
