-- wrk script: simulated citizens going through whole intakes over signed plaintext WeChat
-- requests. Each request has a unique MsgId. Citizens are interleaved: request n belongs to
-- citizen (n mod ACTIVE); so consecutive turns of one citizen are ACTIVE requests apart and
-- occasionally in flight together (as when a citizen types fast on a bad connection).
local texts = {"你好", "同意", "我们村的道路破损严重，路面坑坑洼洼，下雨天全是积水，村民出行很不方便", "陈桥",
               "建设村三组", "我叫张三", "PHONE", "希望尽快修好", "确认提交"}
local ACTIVE = tonumber(os.getenv("PB_ACTIVE") or "64")
-- signed queries, one a line, each with a nonce of its own (the bot refuses a nonce reused
-- for another message); thread t takes lines t+1, t+1+THREADS, ...
local THREADS = 2
local queries = {}
for line in io.lines(os.getenv("PB_QUERIES")) do queries[#queries + 1] = line end
-- a different PB_RUN for each run against one server (warm-up, measurement): new citizens and
-- new MsgIds, so no run replays another's messages as platform retries
local run = tonumber(os.getenv("PB_RUN") or "0")
local counter = 0
local thread_no = 0
tid = 0

function setup(thread)
  thread:set("tid", thread_no)
  thread_no = thread_no + 1
end

function request()
  counter = counter + 1
  local slot = counter % ACTIVE
  local round = math.floor(counter / ACTIVE)
  local turn = round % #texts
  local generation = math.floor(round / #texts)
  local user = string.format("oBench%d_%d_%d_%d", run, tid, slot, generation)
  local text = texts[turn + 1]
  if text == "PHONE" then  -- every citizen has a phone of their own, in every run
    text = string.format("139%d%d%02d%04d", run % 10, tid % 10, slot % 100, generation % 10000)
  end
  local body = string.format(
    "<xml><ToUserName><![CDATA[gh_jinhu]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>" ..
    "<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType>" ..
    "<Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>",
    user, os.time(), text, run * 10000000000000 + tid * 10000000000 + counter)
  local query = queries[((counter - 1) * THREADS + tid) % #queries + 1]
  return wrk.format("POST", "/wechat" .. query, {["Content-Type"] = "text/xml"}, body)
end
