# Recto capture image. Multi-stage: dependencies are installed (and native modules built) in
# the first stage; the runtime stage carries only what runs, as a non-root user.
# The OCR language data ships inside node_modules (@tesseract.js-data/*): no download at run time.
#
#   docker build -t recto .
#   docker run --rm -v "$PWD/scans:/in:ro" -v "$PWD/out:/out" recto scan /in --out /out

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY queues ./queues
COPY workers ./workers
USER node
ENTRYPOINT ["node", "src/cli/recto.js"]
CMD ["--help"]
