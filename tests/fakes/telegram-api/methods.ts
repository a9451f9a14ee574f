import type { ServerResponse } from 'node:http';
import type { EmulatorState } from './state.ts';
import { type ApiCall, ApiFailure, type JsonObject, requireString, type SentMessage } from './types.ts';
import type { LONG_POLL, Updates } from './updates.ts';

/**
 * The Bot API methods the emulator knows: getMe, getUpdates, setWebhook, deleteWebhook,
 * getWebhookInfo, sendMessage, sendPhoto, copyMessage, editMessageText, editMessageReplyMarkup,
 * deleteMessage, answerCallbackQuery, sendChatAction, setMyCommands, getFile. Anything else → 404.
 */
export function createMethods(state: EmulatorState, updates: Updates) {
  const { botInfo, files } = state;

  function record(
    method: SentMessage['method'],
    params: JsonObject,
    content: { text?: string; caption?: string; photoFileId?: string; uploaded?: boolean },
  ): JsonObject {
    const chatId = requireString(params, 'chat_id');
    const item: SentMessage = {
      chatId,
      messageId: state.nextMessageId++,
      method,
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.caption !== undefined ? { caption: content.caption } : {}),
      ...(content.photoFileId ? { photoFileId: content.photoFileId } : {}),
      uploaded: content.uploaded ?? false,
      ...(params.reply_markup ? { replyMarkup: params.reply_markup as JsonObject } : {}),
      params,
      time: Date.now(),
      edits: 0,
      deleted: false,
    };
    const list = state.sent.get(chatId) ?? [];
    list.push(item);
    state.sent.set(chatId, list);
    state.byMessage.set(`${chatId}:${item.messageId}`, item);
    return messageResult(item);
  }

  function messageResult(item: SentMessage): JsonObject {
    const file = item.photoFileId ? files.files.get(item.photoFileId) : undefined;
    return {
      message_id: item.messageId,
      date: Math.floor(item.time / 1000),
      chat: { id: Number(item.chatId), type: 'private', first_name: 'Pelanggan' },
      from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username: botInfo.username },
      ...(item.text !== undefined ? { text: item.text } : {}),
      ...(item.caption !== undefined ? { caption: item.caption } : {}),
      ...(file
        ? {
            photo: [
              { file_id: `${file.fileId}_s`, file_unique_id: `${file.fileUniqueId}_s`, width: 90, height: 90, file_size: 1 },
              {
                file_id: file.fileId,
                file_unique_id: file.fileUniqueId,
                width: 1280,
                height: 960,
                file_size: file.bytes.length,
              },
            ],
          }
        : {}),
      ...(item.replyMarkup ? { reply_markup: item.replyMarkup } : {}),
    };
  }

  function findMessage(params: JsonObject, notFound = 'Bad Request: message to edit not found'): SentMessage {
    const key = `${requireString(params, 'chat_id')}:${requireString(params, 'message_id')}`;
    const item = state.byMessage.get(key);
    if (!item || item.deleted) throw new ApiFailure(400, notFound);
    return item;
  }

  function sendPhoto(params: JsonObject): JsonObject {
    const { file, uploaded } = files.forPhoto(params.photo);
    const caption = typeof params.caption === 'string' ? params.caption : undefined;
    return record('sendPhoto', params, { caption, photoFileId: file.fileId, uploaded });
  }

  const dropPending = (params: JsonObject) => {
    if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') state.pending = [];
  };

  return async function dispatch(
    method: string,
    params: JsonObject,
    /** Absent for a webhook answer's call, which has no HTTP request to hold open. */
    res: ServerResponse | undefined,
    call: ApiCall,
  ): Promise<unknown | typeof LONG_POLL> {
    switch (method.toLowerCase()) {
      case 'getme':
        return botInfo;
      case 'getupdates':
        if (!res) throw new ApiFailure(400, 'Bad Request: getUpdates can not be a webhook answer');
        return updates.getUpdates(params, res, call);
      case 'setwebhook': {
        const target = String(params.url ?? '');
        const maxConnections = Math.min(100, Math.max(1, Math.trunc(Number(params.max_connections ?? 40)) || 40));
        state.webhook = target
          ? {
              url: target,
              maxConnections,
              ...(params.secret_token ? { secretToken: String(params.secret_token) } : {}),
            }
          : undefined;
        dropPending(params);
        return true;
      }
      case 'deletewebhook':
        state.webhook = undefined;
        dropPending(params);
        return true;
      case 'getwebhookinfo':
        return {
          url: state.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: state.pending.length,
          ...(state.webhook ? { max_connections: state.webhook.maxConnections } : {}),
        };
      case 'sendmessage': {
        const text = requireString(params, 'text');
        if (text.length > 4096) throw new ApiFailure(400, 'Bad Request: message is too long');
        return record('sendMessage', params, { text });
      }
      case 'sendphoto':
        return sendPhoto(params);
      case 'copymessage': {
        const copy = record('copyMessage', params, {});
        return { message_id: copy.message_id };
      }
      case 'editmessagetext': {
        const target = findMessage(params);
        const text = requireString(params, 'text');
        const markup = params.reply_markup as JsonObject | undefined;
        if (target.text === text && JSON.stringify(target.replyMarkup) === JSON.stringify(markup)) {
          throw new ApiFailure(400, 'Bad Request: message is not modified');
        }
        target.text = text;
        target.replyMarkup = markup;
        target.edits += 1;
        return messageResult(target);
      }
      case 'editmessagereplymarkup': {
        const target = findMessage(params);
        target.replyMarkup = params.reply_markup as JsonObject | undefined;
        target.edits += 1;
        return messageResult(target);
      }
      case 'deletemessage': {
        const target = findMessage(params, 'Bad Request: message to delete not found');
        target.deleted = true;
        return true;
      }
      case 'answercallbackquery':
      case 'sendchataction':
        return true;
      case 'setmycommands':
        state.commands.splice(0, state.commands.length, ...((params.commands as JsonObject[] | undefined) ?? []));
        return true;
      case 'getfile': {
        const file = files.lookup(requireString(params, 'file_id'));
        if (!file) throw new ApiFailure(400, 'Bad Request: invalid file_id');
        return {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          file_size: file.bytes.length,
          file_path: file.filePath,
        };
      }
      default:
        throw new ApiFailure(404, 'Not Found: method not found');
    }
  };
}
