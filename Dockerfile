# Recto capture image. Multi-stage: dependencies are installed (and better-sqlite3 built) in the
# first stage; the runtime stage carries only what runs, as the non-root `node` user.
# OCR: Debian's tesseract 5 (tesseract-ocr, with the fast English model and OSD) is installed and
# used (OCR_ENGINE=native): faster than tesseract.js, one process per page. The best_int model
# ships inside node_modules (@tesseract.js-data/*) and is unzipped once under DATA_DIR/tessdata;
# nothing is downloaded at run time. OCR_ENGINE=tesseract.js runs the WebAssembly engine instead.
#
#   docker build -t recto .
#   docker run --rm -p 127.0.0.1:3000:3000 -e HOST=0.0.0.0 -e REDIS_URL=redis://redis:6379 recto   # API + workers
#   docker run --rm -v recto-data:/data recto user add alice --role admin --password-stdin   # the first admin
#   docker run --rm recto worker                                                     # workers only
#   docker run --rm -v "$PWD/scans:/in:ro" -v "$PWD/out:/out" recto scan /in --out /out

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 12 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# tesseract-ocr 5.3 from bookworm; --no-install-recommends leaves out the X11/GUI bits it suggests.
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd \
  && rm -rf /var/lib/apt/lists/* && tesseract --version
# HOST stays loopback unless the deployment says otherwise (compose does, for the API behind sign-in):
# an image started by hand does not serve patient documents to the network by surprise.
ENV NODE_ENV=production HOST=127.0.0.1 PORT=3000 DATA_DIR=/data START_REDIS=never MALLOC_ARENA_MAX=2
# The image has tesseract 5, so say so: a broken install fails at start-up rather than falling back quietly.
ENV OCR_ENGINE=native OCR_MODEL=best_int
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY queues ./queues
COPY workers ./workers
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "src/cli/recto.js"]
CMD ["serve"]
