-- wrk script: every request carries the handler's bearer token.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("WB_TOKEN")
